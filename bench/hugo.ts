/**
 * The same corpus built by Hugo, for the bench's side-by-side figures.
 *
 * `prepareHugoSite(corpusDir, siteDir)` writes a small Hugo project over the bench corpus that does
 * the work this project's build does, as far as Hugo has it built in:
 * - one page per article, with its 5 related articles (Hugo's `related` on the topics, with the
 *   date as a weaker index);
 * - topic, outlet, section and reporter pages (taxonomies), one list per year (the corpus's year
 *   folders are Hugo sections) and the home page, each paginated by 20;
 * - RSS per list (20 items), a sitemap, a 404 page.
 * What Hugo has no counterpart for (month pages, JSON feeds, search index) is left out, so the
 * comparison favours Hugo.
 *
 * The content folder holds hard links to the corpus files; Hugo reads this project's front matter
 * as it is (`tags`, `source`, `section`, `reporter` become taxonomies).
 */
import fs from "node:fs/promises";
import path from "node:path";

const config = `baseURL = "http://localhost/"
languageCode = "id"
title = "Arsip Berita (Hugo)"
paginate = 20
disableKinds = []
enableRobotsTXT = true

[taxonomies]
  tag = "tags"
  source = "source"
  section = "section"
  reporter = "reporter"

[services.rss]
  limit = 20

[related]
  includeNewer = true
  threshold = 80
  toLower = true
  [[related.indices]]
    name = "tags"
    weight = 100
  [[related.indices]]
    name = "date"
    weight = 10
`;

const layouts: Record<string, string> = {
  "_default/baseof.html": `<!doctype html>
<html lang="id">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} · {{ site.Title }}</title>
<link rel="canonical" href="{{ .Permalink }}">
{{ with .OutputFormats.Get "rss" }}<link rel="alternate" type="application/rss+xml" href="{{ .RelPermalink }}">{{ end }}
</head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav><a href="{{ "/tags/" | relURL }}">Topik</a> <a href="{{ "/source/" | relURL }}">Sumber</a></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
`,
  "_default/single.html": `{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<p><time datetime="{{ .Date.Format "2006-01-02T15:04:05-07:00" }}">{{ .Date.Format "Monday, 2 January 2006 15:04" }} WIB</time>
{{ with .Params.source }} · <a href="{{ (printf "/source/%s/" (. | urlize)) | relURL }}">{{ . }}</a>{{ end }}
{{ with .Params.reporter }} · {{ . }}{{ end }}</p>
{{ .Content }}
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
</article>
{{ with first 5 (site.RegularPages.Related .) }}<aside><h2>Berita terkait</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2 January 2006" }}</time></li>{{ end }}
</ul></aside>{{ end }}{{ end }}
`,
  "_default/list.html": `{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}<ol>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2 January 2006" }}</time> {{ .Summary | plainify | truncate 160 }}</li>{{ end }}
</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
`,
  "_default/terms.html": `{{ define "main" }}<h1>{{ .Title }}</h1><ul>
{{ range .Data.Terms.ByCount }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> ({{ .Count }})</li>{{ end }}
</ul>{{ end }}
`,
  "index.html": `{{ define "main" }}<h1>{{ site.Title }}</h1>
{{ $pager := .Paginate site.RegularPages }}<ol>
{{ range $pager.Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> <time>{{ .Date.Format "2 January 2006" }}</time></li>{{ end }}
</ol>
{{ template "_internal/pagination.html" . }}{{ end }}
`,
  "404.html": `{{ define "main" }}<h1>Halaman tidak ditemukan</h1>{{ end }}
`,
};

/** Writes the Hugo project for the corpus in `corpusDir` into `siteDir` (emptied first). */
export async function prepareHugoSite(corpusDir: string, siteDir: string): Promise<void> {
  await fs.rm(siteDir, { recursive: true, force: true });
  await fs.mkdir(path.join(siteDir, "content"), { recursive: true });
  await fs.writeFile(path.join(siteDir, "config.toml"), config);
  for (const [file, text] of Object.entries(layouts)) {
    await fs.mkdir(path.dirname(path.join(siteDir, "layouts", file)), { recursive: true });
    await fs.writeFile(path.join(siteDir, "layouts", file), text);
  }
  const entries = await fs.readdir(corpusDir, { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith(".md")) continue;
    const from = path.join(entry.parentPath, entry.name);
    const to = path.join(siteDir, "content", path.relative(corpusDir, from));
    await fs.mkdir(path.dirname(to), { recursive: true });
    await fs.link(from, to).catch(() => fs.copyFile(from, to));
  }
}
