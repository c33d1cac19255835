import { RemovalPolicy } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import { HttpApi, LogGroupLogDestination, type ThrottleSettings } from 'aws-cdk-lib/aws-apigatewayv2';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';

/** What an access log line may add: what was asked (`asked`: the route or the path) and how it ended (`ended`). */
export interface AccessLogFields {
  readonly asked: Readonly<Record<string, string>>;
  readonly ended: Readonly<Record<string, string>>;
}

/**
 * An HTTP API with one throttled `$default` stage and an access log kept three months: each line
 * who asked, when and how it was answered, plus what this API may log beside it (never a body or
 * a query string; for the link pages never the path, which holds the token).
 */
export function loggedHttpApi(scope: Construct, props: { readonly description: string; readonly throttle: ThrottleSettings; readonly logged: AccessLogFields }): HttpApi {
  const accessLogs = new logs.LogGroup(scope, 'ApiAccessLogs', { retention: logs.RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
  const api = new HttpApi(scope, 'HttpApi', { description: props.description, createDefaultStage: false });
  const line = {
    requestId: '$context.requestId',
    ip: '$context.identity.sourceIp',
    requestTime: '$context.requestTime',
    method: '$context.httpMethod',
    ...props.logged.asked,
    status: '$context.status',
    responseLength: '$context.responseLength',
    ...props.logged.ended,
  };
  api.addStage('Stage', {
    stageName: '$default',
    autoDeploy: true,
    throttle: props.throttle,
    accessLogSettings: { destination: new LogGroupLogDestination(accessLogs), format: AccessLogFormat.custom(JSON.stringify(line)) },
  });
  return api;
}
