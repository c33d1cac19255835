import { InvalidInputError } from '../core/errors';
import { hasBidiControl, hasControlCharacter } from '../core/recipient-validation';

export const DOOR_HELP = 'who makes the change, recorded with it (default: $USER)';

/** The operator a change is recorded under: --door, else the login name. */
export function actorOf(door: string | undefined): string {
  const who = (door ?? process.env.USER ?? process.env.USERNAME ?? process.env.LOGNAME ?? '').trim();
  if (!who) throw new InvalidInputError('say who makes this change with --door NAME; every change is recorded with its author');
  if (hasControlCharacter(who) || hasBidiControl(who) || who.length > 200) {
    throw new InvalidInputError('--door moet een gewone naam van hoogstens 200 tekens zijn, zonder regeleinden of stuurtekens');
  }
  return who;
}
