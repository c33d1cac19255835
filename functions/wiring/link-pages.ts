import type { Config } from '../adapters/config';
import { aanleverenPage } from '../links/aanleveren-page';
import type { LinkPages } from '../links/link-pages';
import { lazyUploadDeps } from './upload-dependencies';

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
    aanleveren: aanleverenPage(lazyUploadDeps(config)),
  };
}
