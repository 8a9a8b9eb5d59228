// Module SiteRender.
