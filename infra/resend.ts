import { Duration } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { DeploymentConfig } from './config';
import { FunctionWithLogGroup } from './function-with-log-group';
import type { Mail } from './mail';
import { type Storage, TABLE_ACCESS } from './storage';

export interface ResendProps {
  readonly config: DeploymentConfig;
  readonly storage: Storage;
  readonly mail: Mail;
}

/**
 * An operator's re-send of an archived run (`aws lambda invoke`): the archived PDF, unchanged, to
 * everyone, one municipality or one address. Invoked synchronously, so the operator sees the
 * outcome; a retry with the same requestId sends nothing twice.
 */
export class Resend extends Construct {
  readonly function: FunctionWithLogGroup;

  constructor(scope: Construct, id: string, props: ResendProps) {
    super(scope, id);
    const { storage, mail } = props;

    this.function = new FunctionWithLogGroup(this, 'Function', {
      handler: 'resend',
      description: 'rapportbode: sends an archived report again (everyone, one municipality or one address)',
      // No Chromium here: the archived PDF is attached as it is; only the mail text is rendered.
      memorySize: 1024,
      // Paced like the run: re-sending a whole run takes as long as its mailing did.
      timeout: Duration.minutes(15),
      // The mail text comes from the templates; the renderer loads the report font with them.
      nodeModules: ['@fontsource/source-sans-3'],
      withTemplates: true,
    });
    storage.grantTable(this.function, TABLE_ACCESS.resend);
    // Reads the archived PDF and archives the re-sent mail (.eml) beside the original.
    storage.grantArchive(this.function, 'readWrite');
    mail.grantSend(this.function, { readQuota: false });
  }
}
