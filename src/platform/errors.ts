/** Typed errors that services throw; the HTTP error handler maps each to a page or JSON answer. */
export interface FieldError {
  /** The field's name as the API and the form know it, e.g. `subjectRef` or `dueDate`. */
  path: string;
  message: string;
}

export class DomainError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The record does not exist, or the caller may not know that it does. */
export class NotFound extends DomainError {
  constructor(what = 'Page') {
    super(`${what} not found`);
  }
}

/** The caller can see the record but their role may not do this to it. */
export class Forbidden extends DomainError {
  constructor(message = 'You do not have permission to do that') {
    super(message);
  }
}

/** Someone else changed the record first (stale `version`), or the change clashes with its state. */
export class Conflict extends DomainError {
  constructor(
    message = 'This record was changed by someone else after you opened it',
    readonly current?: unknown,
  ) {
    super(message);
  }
}

export class ValidationFailed extends DomainError {
  constructor(readonly fields: FieldError[]) {
    super(fields.map((f) => `${f.path}: ${f.message}`).join('; '));
  }
}

export class Unauthenticated extends DomainError {
  constructor() {
    super('Sign in to continue');
  }
}

/**
 * Lantern cannot do this until its set-up is put right (a wrong encryption key, say): answered 503
 * with `title` and `message` for the person, and `reason` in the log for whoever runs it.
 */
export class Unavailable extends DomainError {
  constructor(
    readonly title: string,
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}
