import { errorDetail } from './errorDetail';

/**
 * A file of the installed extension (a lazily loaded chunk) is missing or
 * unreadable. Carries a sentence a person can act on; `cause` keeps the
 * loader's own error for the log.
 */
export class MissingPartError extends Error {
  readonly code = 'missing-part';
  readonly userMessage: string;
  constructor(file: string, cause: unknown) {
    const userMessage = `part of the extension (${file}) could not be loaded; reinstall Sentry Lens`;
    super(userMessage, { cause });
    this.name = 'MissingPartError';
    this.userMessage = userMessage;
  }

  /** The sentence plus what the loader reported, for the log. */
  get detail(): string {
    return `${this.userMessage} (cause: ${errorDetail(this.cause)})`;
  }
}
