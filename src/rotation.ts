/**
 * When a device password is rotated. Three kinds, as the provider supports them, combined
 * with `.andOnChange(...)` and `.andWhenFlagged()`:
 *
 * - `Rotation.every(Duration.days(90))`: by age, evaluated at each `terraform apply` (run it
 *   on a schedule);
 * - `Rotation.onChange({ quarter: '2026-Q1' })`: whenever one of these values changes;
 * - `Rotation.whenFlagged()`: when Infomaniak flags the password as leaked or sending spam
 *   (`rotate_when_flagged`; once per flag).
 *
 * Without overlap the password is regenerated in place (same device, the old password stops
 * working at once); with `overlap: true` on the device, age and triggers replace the device,
 * new first. A flag always regenerates in place: a flagged password must stop working now.
 */
import { Token } from 'cdktf';
import { Duration } from './duration';

/** The longest period the provider accepts for `rotate_after_days`. */
const MAX_DAYS = 3650;

export class Rotation {
  /**
   * Rotate once the password is older than `maxAge`.
   *
   * @param maxAge between 1 day and 10 years
   */
  public static every(maxAge: Duration): Rotation {
    if (maxAge.toDays() > MAX_DAYS)
      throw new Error(`Rotation.every(${maxAge}): the longest rotation period is ${MAX_DAYS} days.`);
    return new Rotation(maxAge, undefined, false);
  }

  /**
   * Rotate whenever one of these values changes (e.g. a quarter, a ticket number, the id of a
   * leaked-credentials incident).
   *
   * @param triggers at least one key; values may be tokens (e.g. a TerraformVariable)
   */
  public static onChange(triggers: Readonly<Record<string, string>>): Rotation {
    if (Object.keys(triggers).length === 0)
      throw new Error('Rotation.onChange(): give at least one trigger, e.g. { quarter: "2026-Q1" }.');
    for (const [key, value] of Object.entries(triggers))
      if (typeof value !== 'string' && !Token.isUnresolved(value))
        throw new Error(`Rotation.onChange(): trigger "${key}" must be a string, got ${typeof value}.`);
    return new Rotation(undefined, { ...triggers }, false);
  }

  /**
   * Regenerate the password when Infomaniak flags it (`status` `leaked` or `spam`), once per
   * flag: the plan warns and names the device. Run `terraform apply` on a schedule.
   */
  public static whenFlagged(): Rotation {
    return new Rotation(undefined, undefined, true);
  }

  private constructor(
    /** Rotate once the password is older than this. */
    public readonly maxAge: Duration | undefined,
    /** Rotate whenever one of these values changes. */
    public readonly triggers: Readonly<Record<string, string>> | undefined,
    /** Rotate when Infomaniak flags the password as leaked or sending spam. */
    public readonly rotatesWhenFlagged: boolean,
  ) {}

  /** This rotation, also triggered by `triggers`. */
  public andOnChange(triggers: Readonly<Record<string, string>>): Rotation {
    const other = Rotation.onChange(triggers);
    return new Rotation(this.maxAge, { ...this.triggers, ...other.triggers }, this.rotatesWhenFlagged);
  }

  /** This rotation, also when Infomaniak flags the password (see `Rotation.whenFlagged()`). */
  public andWhenFlagged(): Rotation {
    return new Rotation(this.maxAge, this.triggers, true);
  }

  /** `every 90 days`, `on change of quarter`, for messages. */
  public toString(): string {
    const parts = [
      ...(this.maxAge ? [`every ${this.maxAge}`] : []),
      ...(this.triggers ? [`on change of ${Object.keys(this.triggers).join(', ')}`] : []),
      ...(this.rotatesWhenFlagged ? ['when flagged'] : []),
    ];
    return parts.join(' and ');
  }
}
