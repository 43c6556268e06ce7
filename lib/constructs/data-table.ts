import { RemovalPolicy } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import { Construct } from "constructs";

/** Name of the one global secondary index (listing by year). */
export const GSI1 = "gsi1";

/**
 * The one DynamoDB table of design.md §3: keys pk/sk, one GSI gsi1 (gsi1pk/gsi1sk, projection ALL),
 * on demand, point-in-time recovery, deletion protection, KMS encryption with the AWS managed key,
 * kept when the stack is deleted.
 */
export class DataTable extends Construct {
  readonly table: dynamodb.Table;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new dynamodb.Table(this, "Table", {
      partitionKey: { name: "pk", type: dynamodb.AttributeType.STRING },
      sortKey: { name: "sk", type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      // aws/dynamodb: encryption at rest with a KMS key that is visible and audited in CloudTrail,
      // without a customer-managed key's $1/month or key-policy upkeep. DynamoDB uses it on the
      // callers' behalf, so the function roles need no kms:* permission.
      encryption: dynamodb.TableEncryption.AWS_MANAGED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: GSI1,
      partitionKey: { name: "gsi1pk", type: dynamodb.AttributeType.STRING },
      sortKey: { name: "gsi1sk", type: dynamodb.AttributeType.STRING },
      projectionType: dynamodb.ProjectionType.ALL,
    });
  }
}
