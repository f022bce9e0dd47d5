/**
 * What a dataset declares for `forge validate`: the allow-lists of its
 * PHI-shaped values and the row counts its profile promises. Recorded in the
 * manifest (`validation`) at build time, so the validator reads the rules
 * from the artifact (or, online, from what was loaded), never from code.
 */

export interface DatasetValidation {
  /**
   * E-mail domains the data may use: a domain matches an entry when it is
   * the entry or ends with `.` + entry (`local` allows `clinic.local`).
   * Default: the reserved names of RFC 2606 / 6761 / 6762 (DEFAULT_EMAIL_DOMAINS).
   */
  emailDomains?: string[];
  /**
   * Phone numbers the data may use, as masks over the national number's ten
   * digits, `x` for any digit: `xxx55501xx` is the 555-0100..0199 range
   * reserved for fiction. Default: DEFAULT_PHONE_MASKS. Masks, not regexes:
   * nothing in a manifest is executed.
   */
  phoneMasks?: string[];
  /** Row counts the profile promises: per table, per table per tenant, and at least so many per table (1: populated). */
  counts?: {
    tables?: Record<string, number>;
    perTenant?: Record<string, Record<string, number>>;
    min?: Record<string, number>;
  };
}

export const DEFAULT_EMAIL_DOMAINS = ['example', 'example.com', 'example.net', 'example.org', 'test', 'invalid', 'localhost', 'local'];
export const DEFAULT_PHONE_MASKS = ['xxx55501xx'];
