/**
 * The shape of a message catalogue: Dutch is written first (`as const`), and every other language
 * must have the same ids with the same parameters. A capability may keep its own part of the
 * catalogue next to its code (e.g. `src/services/*.messages.ts`); `messages.ts` joins them.
 */
export type CatalogueOf<Dutch> = { readonly [K in keyof Dutch]: Dutch[K] extends (p: infer P) => string ? (p: P) => string : string };
