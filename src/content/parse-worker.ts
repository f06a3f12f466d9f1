/**
 * A parse worker's thread (src/content/parse-pool.ts): parses the texts it is sent and posts back
 * the result, or the problems of an ArticleError as plain data, which the pool turns back into one.
 */
import { parentPort } from "node:worker_threads";
import { ArticleError } from "../errors.ts";
import { parseArticleText } from "./parse.ts";
import type { ParseReply, ParseRequest } from "./parse-pool.ts";

parentPort!.on("message", ({ id, text, display, sourceKeys }: ParseRequest) => {
  let reply: ParseReply;
  try {
    reply = { id, parsed: parseArticleText(text, display, sourceKeys) };
  } catch (error) {
    reply =
      error instanceof ArticleError
        ? { id, articleError: { file: error.file, problems: error.problems } }
        : { id, failure: error instanceof Error ? (error.stack ?? error.message) : String(error) };
  }
  parentPort!.postMessage(reply);
});
