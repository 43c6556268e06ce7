import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import type { SiteStore } from "../service/ports";

const IMMUTABLE = "public, max-age=31536000, immutable";
// Latest pages and indexes change on every publish; a short cache keeps CloudFront cheap and fresh.
const MUTABLE = "public, max-age=60, must-revalidate";

/** Created once per container. Path-style addressing only for a local S3 endpoint. */
export function createS3Client(config: S3ClientConfig = {}): S3Client {
  return new S3Client({ forcePathStyle: Boolean(config.endpoint), maxAttempts: 5, ...config });
}

export class S3SiteStore implements SiteStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string, contentType: string, options: { immutable?: boolean } = {}): Promise<void> {
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key: key,
        Body: body,
        ContentType: contentType,
        CacheControl: options.immutable ? IMMUTABLE : MUTABLE,
      }),
    );
  }

  async get(key: string): Promise<string | undefined> {
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await object.Body?.transformToString("utf-8");
    } catch (error) {
      if (error instanceof NoSuchKey || (error as Error).name === "NoSuchKey") return undefined;
      throw error;
    }
  }
}
