import Foundation

/// `rerank-site init --ci github`: .github/workflows/rerank-site.yml, a GitHub Actions workflow
/// that builds the tool, builds the site with the score and model caches restored, seeds the run
/// history from the published site, runs the gates, writes the step summary and deploys the site to
/// GitHub Pages. Every `run:` step reads only environment variables (no `${{ }}` in shell), so
/// the steps also run outside GitHub (scripts/ci/run-workflow-steps.sh). Actions are pinned to
/// commits (zizmor's unpinned-uses), with the release tag beside each.
///
/// Checked against the sources (2026-12-01): `swift:6.3-bookworm` is an official image tag
/// (docker-library/official-images `library/swift` at 37079fb: `6.3.3-bookworm, 6.3-bookworm,
/// bookworm`), and each pinned commit is the commit its tag names in the action's repository
/// (checkout v7.0.1, cache v5.0.5, configure-pages v5.0.0, upload-pages-artifact v5.0.0,
/// deploy-pages v5.0.0), the newest release of each in those snapshots.
public enum CIWorkflow {
    public static let path = ".github/workflows/rerank-site.yml"

    /// Writes the workflow into the project; an existing file is kept (an error says so).
    public static func create(in dir: URL, toolRepository: String, toolRef: String) throws -> String {
        let url = dir.appendingPathComponent(path)
        if FileManager.default.fileExists(atPath: url.path) {
            throw BuildError(.badInput, step: "init", "\(url.path) already exists; not overwriting it")
        }
        guard isRepository(toolRepository) else {
            throw BuildError(.usage, step: "init", "--tool-repository '\(toolRepository)': expected OWNER/NAME of the rerank-site repository on GitHub")
        }
        guard !toolRef.isEmpty, toolRef.allSatisfy({ $0.isLetter || $0.isNumber || "._-/".contains($0) }) else {
            throw BuildError(.usage, step: "init", "--tool-ref '\(toolRef)': expected a tag, branch or commit")
        }
        do { try writeFileAtomically(Data(text(toolRepository: toolRepository, toolRef: toolRef).utf8), to: url) } catch {
            throw BuildError(.io, step: "init", "cannot write \(url.path): \(plainReason(error))")
        }
        return path
    }

    static func isRepository(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && parts.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) } }
    }

    static func text(toolRepository: String, toolRef: String) -> String {
        """
        # Builds the rerank-site result site and publishes it to GitHub Pages (written by
        # `rerank-site init --ci github`). Settings → Pages → Source: GitHub Actions.
        name: rerank-site

        on:
          push:
            branches: [main]
          workflow_dispatch:

        permissions: {}

        concurrency:
          group: rerank-site-pages
          cancel-in-progress: false

        env:
          RERANK_SITE_REPOSITORY: \(toolRepository)
          RERANK_SITE_REF: \(toolRef)

        jobs:
          build:
            runs-on: ubuntu-latest
            container: swift:6.3-bookworm
            permissions:
              contents: read
              pages: read
            env:
              RERANK_SITE: ${{ github.workspace }}/tool/.build/release/rerank-site
              PROJECT_DIR: ${{ github.workspace }}/project
              HF_HOME: ${{ github.workspace }}/hf-cache
            steps:
              - name: Check out the project
                uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1
                with:
                  path: project
                  persist-credentials: false

              - name: Check out rerank-site
                uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1
                with:
                  repository: ${{ env.RERANK_SITE_REPOSITORY }}
                  ref: ${{ env.RERANK_SITE_REF }}
                  path: tool
                  persist-credentials: false

              - name: Install the system libraries
                run: |
                  apt-get update -qq
                  apt-get install -y -qq libcmark-dev libopenblas-dev libsqlite3-dev curl git >/dev/null

              - name: Restore the tool's build
                uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae  # v5.0.5
                with:
                  path: tool/.build
                  key: rerank-site-tool-${{ env.RERANK_SITE_REF }}-${{ hashFiles('tool/Package.resolved', 'tool/Package.swift') }}

              - name: Build rerank-site
                run: swift build -c release --product rerank-site --package-path tool

              - name: Restore the score cache and the Hugging Face cache
                uses: actions/cache@27d5ce7f107fe9357f9df03efb73ab90386fccae  # v5.0.5
                with:
                  path: |
                    project/.rerank-site
                    hf-cache
                  key: rerank-site-scores-${{ github.sha }}
                  restore-keys: rerank-site-scores-

              - name: Find the published site
                id: pages
                uses: actions/configure-pages@983d7736d9b0ae728b81ab479565c72886d7745b  # v5.0.0

              - name: Seed the run history from the published site
                env:
                  SITE_URL: ${{ steps.pages.outputs.base_url }}
                run: |
                  cd "$PROJECT_DIR"
                  if curl -fsSL "${SITE_URL%/}/data/history.json" -o "$RUNNER_TEMP/history.json"; then
                    echo "history: seeded from ${SITE_URL%/}/data/history.json"
                  else
                    echo "history: none published yet; starting a new one"
                    rm -f "$RUNNER_TEMP/history.json"
                  fi

              - name: Build the site
                run: |
                  cd "$PROJECT_DIR"
                  set --
                  if [ -f "$RUNNER_TEMP/history.json" ]; then set -- --history "$RUNNER_TEMP/history.json"; fi
                  # --pull downloads models a scorer names when they are missing, where the tool has it.
                  if "$RERANK_SITE" build --help | grep -q -- '--pull'; then set -- "$@" --pull; fi
                  "$RERANK_SITE" build "$@"

              - name: Run the quality gates
                run: |
                  cd "$PROJECT_DIR"
                  "$RERANK_SITE" check

              - name: Upload the site
                uses: actions/upload-pages-artifact@fc324d3547104276b827a68afc52ff2a11cc49c9  # v5.0.0
                with:
                  path: project/site

          deploy:
            needs: build
            runs-on: ubuntu-latest
            permissions:
              pages: write
              id-token: write
            environment:
              name: github-pages
              url: ${{ steps.deployment.outputs.page_url }}
            steps:
              - name: Deploy to GitHub Pages
                id: deployment
                uses: actions/deploy-pages@cd2ce8fcbc39b97be8ca5fce6e763baed58fa128  # v5.0.0

        """
    }
}
