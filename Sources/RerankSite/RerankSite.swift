// Module RerankSite.
