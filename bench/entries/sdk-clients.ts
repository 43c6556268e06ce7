import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * Probe for the bundle benchmark: the three SDK clients the api function creates at init (DynamoDB
 * document client, S3, SQS) and nothing else — the floor of the api's init time with this design.
 */
export const clients = {
  dynamo: DynamoDBDocumentClient.from(new DynamoDBClient({})),
  s3: new S3Client({}),
  sqs: new SQSClient({}),
};
