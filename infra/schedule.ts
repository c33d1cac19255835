import { Duration, RemovalPolicy, Stack, TimeZone, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import { Construct } from 'constructs';
import { DeadLetterQueue } from './dead-letter-queue';

/** Europe/Amsterdam, so 07:00 stays 07:00 through summer time; without a zone Scheduler uses UTC. */
export const SCHEDULE_TIME_ZONE = TimeZone.of('Europe/Amsterdam');

export interface ReportScheduleProps {
  /** e.g. `cron(0 7 ? * MON-FRI *)`: 07:00 every weekday, clear of the DST switch hours. */
  readonly expression: string;
  readonly runFunction: lambda.Function;
}

/**
 * EventBridge Scheduler starts the cycle step every working day (usecases/cycle.ts): notices about
 * missing figures, the concept to the reviewers, the release after the review. The target passes
 * the scheduled time, not the current one: the step takes its day from it, so a retry an hour
 * later still acts for the right day. Waiting for figures ends the step normally: no alarm.
 */
export class ReportSchedule extends Construct {
  readonly schedule: scheduler.Schedule;
  readonly group: scheduler.ScheduleGroup;
  readonly deadLetterQueue: DeadLetterQueue;

  constructor(scope: Construct, id: string, props: ReportScheduleProps) {
    super(scope, id);

    this.deadLetterQueue = new DeadLetterQueue(this, 'FailedStarts', 'scheduled runs that Scheduler could not start');
    // A group of our own, so the role's trust can name it: in the account's shared `default`
    // group, any schedule anyone adds could assume this role. Removed with the stack, so no
    // schedule is left firing at a function that is gone.
    this.group = new scheduler.ScheduleGroup(this, 'Group', { removalPolicy: RemovalPolicy.DESTROY });
    // Scheduler's role: invoke the run function and park a failed start; the target adds both.
    // Trusted only for schedules of this account in this group (the confused-deputy guard).
    const role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account, 'aws:SourceArn': this.group.scheduleGroupArn } },
      }),
      description: 'rapportbode schedule: starts the daily cycle step',
    });
    const functionLogicalId = Stack.of(this).getLogicalId(props.runFunction.node.defaultChild as lambda.CfnFunction);
    Validations.of(role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${functionLogicalId}.Arn>:*]`,
      reason: "CDK's grantInvoke also allows the run function's versions and aliases (<arn>:*); it is one function, and nothing else.",
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      scheduleGroup: this.group,
      description: 'rapportbode: the daily cycle step (notices, concept, release)',
      schedule: scheduler.ScheduleExpression.expression(props.expression, SCHEDULE_TIME_ZONE),
      // The run must start at the stated hour, not somewhere in a window after it.
      timeWindow: scheduler.TimeWindow.off(),
      target: new LambdaInvoke(props.runFunction, {
        role,
        input: scheduler.ScheduleTargetInput.fromObject({ action: 'cycle', scheduledTime: scheduler.ContextAttribute.scheduledTime }),
        // Retries cover only a failed start (e.g. throttling); the run's own failures are retried by Lambda.
        retryAttempts: 5,
        maxEventAge: Duration.hours(6),
        deadLetterQueue: this.deadLetterQueue,
      }),
    });
  }
}
