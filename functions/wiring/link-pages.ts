import type { Config } from '../adapters/config';
import { aanleverenPage } from '../links/aanleveren-page';
import type { LinkPages } from '../links/link-pages';
import { uploadDeps } from './upload-dependencies';

/**
 * Every page a personal link opens, by its first path segment, wired to the stack `config`
 * names. One map for the console's local server and the public Lambda function:
 *   antwoord   a reviewer's answer to a concept (issue 27)
 *   evaluatie  the evaluation questionnaire (issue 27)
 *   aanleveren a municipality's upload of its own figures (issue 29)
 *   lezen      the way into a municipality's web edition (issue 28)
 */
export function linkPages(config: Config): LinkPages {
  return {
    aanleveren: aanleverenPage(once(() => uploadDeps(config))),
  };
}

/** Builds a page's adapters on its first request, then keeps them (SDK clients once per container). */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= make();
    // A failure (no link key yet) is not kept: the next request tries again.
    made.catch(() => (made = undefined));
    return made;
  };
}
