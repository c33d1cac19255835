import { Validations } from 'aws-cdk-lib';
import type { BucketDeployment } from 'aws-cdk-lib/aws-s3-deployment';
import type { Construct } from 'constructs';

/**
 * CDK's own BucketDeployment function (a singleton custom resource that copies files from the CDK
 * asset bucket at deploy time): its role and runtime are CDK's. The findings every deployment
 * causes are acknowledged here with `why` (what it copies where); `own` are the ones that depend
 * on what the deployment may do to its destination, each with its own reason.
 */
export function acknowledgeBucketDeployment(deployment: BucketDeployment, why: string, own: readonly (readonly [id: string, reason: string])[]): void {
  const role = deployment.handlerRole;
  const findings: (readonly [string, string])[] = [
    ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]', `${why}; CDK gives it the basic execution role for its logs.`],
    ['AwsSolutions-IAM5[Action::s3:GetBucket*]', `${why}: read access to the asset bucket, as CDK grants it.`],
    ['AwsSolutions-IAM5[Action::s3:GetObject*]', `${why}: read access to the asset bucket, as CDK grants it.`],
    ['AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::cdk-hnb659fds-assets-<AWS::AccountId>-<AWS::Region>/*]', `${why}: the asset's key is known only at deploy time.`],
    ...own,
  ];
  for (const [id, reason] of findings) Validations.of(role).acknowledge({ id, reason });
  Validations.of(role.node.scope as Construct).acknowledge({ id: 'AwsSolutions-L1', reason: `${why}; its runtime is chosen by CDK (aws-cdk-lib) and moves with it.` });
}
