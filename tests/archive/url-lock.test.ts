import { describe, expect, test } from "vitest";
import { redirectsOf } from "../../src/archive/aliases.ts";
import { checkUrlLock } from "../../src/archive/url-lock.ts";

const locked = ["/2017/08/02/a/", "/2017/08/04/b/"];

describe("checkUrlLock", () => {
  test("the same URLs: no problem, the lock stays", () => {
    const articles = [{ url: "/2017/08/02/a/", file: "a.md" }, { url: "/2017/08/04/b/", file: "b.md" }];
    expect(checkUrlLock(locked, articles, [])).toEqual({ problems: [], next: locked });
  });

  test("a new article joins the lock, sorted", () => {
    const articles = [{ url: "/2017/08/02/a/", file: "a.md" }, { url: "/2017/08/04/b/", file: "b.md" }, { url: "/2016/01/01/c/", file: "c.md" }];
    expect(checkUrlLock(locked, articles, []).next).toEqual(["/2016/01/01/c/", ...locked]);
  });

  test("a changed URL names the old and the new one, the file and the alias to add", () => {
    const articles = [{ url: "/2017/08/02/a-baru/", file: "articles/a.md" }, { url: "/2017/08/04/b/", file: "b.md" }];
    expect(checkUrlLock(locked, articles, []).problems).toEqual([
      "URL changed: /2017/08/02/a/ → /2017/08/02/a-baru/ (articles/a.md). The old URL was published (urls.lock) and would break.\n" +
        '  Fix: add  aliases: ["/2017/08/02/a/"]  to articles/a.md, or, if it is gone on purpose, confirm: npm run build -- --remove-url=/2017/08/02/a/',
    ]);
  });

  test("a URL that is gone with no successor says so", () => {
    const problems = checkUrlLock(locked, [{ url: "/2017/08/04/b/", file: "b.md" }], []).problems;
    expect(problems).toEqual([expect.stringMatching(/^URL gone: \/2017\/08\/02\/a\/ was published \(urls\.lock\) and no article or alias has it now\.\n {2}Fix: .*--remove-url=\/2017\/08\/02\/a\/$/)]);
  });

  test("an alias keeps the old URL served, and it stays in the lock", () => {
    const articles = [{ url: "/2017/08/02/a-baru/", file: "a.md", title: "A", aliases: ["/2017/08/02/a/"] }, { url: "/2017/08/04/b/", file: "b.md", title: "B" }];
    expect(checkUrlLock(locked, articles, redirectsOf(articles))).toEqual({ problems: [], next: ["/2017/08/02/a-baru/", "/2017/08/02/a/", "/2017/08/04/b/"] });
  });

  test("a confirmed removal leaves the lock; an unconfirmed one does not", () => {
    const articles = [{ url: "/2017/08/04/b/", file: "b.md" }];
    expect(checkUrlLock(locked, articles, [], new Set(["/2017/08/02/a/"]))).toEqual({ problems: [], next: ["/2017/08/04/b/"] });
  });
});
