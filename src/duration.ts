/**
 * A length of time for rotation periods. Only whole days: the provider counts a password's
 * age in days on the service's clock, so finer units would promise a precision it lacks.
 */
export class Duration {
  /** A duration of `amount` whole days (at least 1). */
  public static days(amount: number): Duration {
    return new Duration(whole(amount, 'days'));
  }

  /** A duration of `amount` whole weeks (at least 1). */
  public static weeks(amount: number): Duration {
    return new Duration(whole(amount, 'weeks') * 7);
  }

  private constructor(private readonly amountInDays: number) {}

  /** The duration in days. */
  public toDays(): number {
    return this.amountInDays;
  }

  /** `90 days`, for messages. */
  public toString(): string {
    return `${this.amountInDays} day${this.amountInDays === 1 ? '' : 's'}`;
  }
}

function whole(amount: number, unit: string): number {
  if (!Number.isInteger(amount) || amount < 1)
    throw new Error(`Duration.${unit}(): expected a whole number of ${unit} of at least 1, got ${amount}.`);
  return amount;
}
