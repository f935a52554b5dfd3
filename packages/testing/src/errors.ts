import { HarnessError } from '@sosw/local';

/** The test tables could not be created, or did not become ACTIVE in time. */
export class TableSetupError extends HarnessError {
  constructor(
    message: string,
    /** The table involved. */
    readonly tableName: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}
