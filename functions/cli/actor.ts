import { userInfo } from 'node:os';
import { InvalidInputError } from '../core/errors';
import { hasBidiControl, hasControlCharacter } from '../core/recipient-validation';

export const DOOR_HELP = 'wie de wijziging doet; zo vastgelegd (standaard: $USER)';

/** The account the process runs as, when no variable names it (a container, a scheduled task). */
function loginName(): string {
  try {
    return userInfo().username;
  } catch {
    return '';
  }
}

/** The operator a change is recorded under: --door, else the login name. */
export function actorOf(door: string | undefined): string {
  const who = (door ?? process.env.USER ?? process.env.USERNAME ?? process.env.LOGNAME ?? loginName()).trim();
  if (!who) throw new InvalidInputError('zeg met --door NAAM wie deze wijziging doet; elke wijziging wordt vastgelegd met wie hem deed');
  if (hasControlCharacter(who) || hasBidiControl(who) || who.length > 200) {
    throw new InvalidInputError('--door moet een gewone naam van hoogstens 200 tekens zijn, zonder regeleinden of stuurtekens');
  }
  return who;
}
