/**
 * The namespace of every SIF 2.x message and, in the US locale, of every data object in it
 * (reference/sif.md §1.1). Other locales use their own (e.g. `…/uk/infrastructure/2.x`); an
 * object in one of those is not a US object and is rejected, never guessed at.
 */
export const SIF_NAMESPACE = 'http://www.sifinfo.org/infrastructure/2.x';

/** The `SIF_Version` wildcard an agent offers in SIF_Register and SIF_Request ("any 2.x"). */
export const SIF_VERSION_WILDCARD = '2.*';
