import type { S3Client } from "@aws-sdk/client-s3";
import type { SiteStore } from "../service/ports";

const IMMUTABLE = "public, max-age=31536000, immutable";
// Latest pages and indexes change on every publish; a short cache keeps CloudFront cheap and fresh.
const MUTABLE = "public, max-age=60, must-revalidate";

// The S3 SDK is imported when first used, not at cold start (see functions/store/lazy-adapters.ts).
const s3Sdk = () => import("@aws-sdk/client-s3");

export class S3SiteStore implements SiteStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async put(key: string, body: string | Uint8Array, contentType: string, options: { immutable?: boolean } = {}): Promise<void> {
    const { PutObjectCommand } = await s3Sdk();
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
    const { GetObjectCommand } = await s3Sdk();
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await object.Body?.transformToString("utf-8");
    } catch (error) {
      if ((error as Error).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async getBytes(key: string): Promise<Uint8Array | undefined> {
    const { GetObjectCommand } = await s3Sdk();
    try {
      const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return await object.Body?.transformToByteArray();
    } catch (error) {
      if ((error as Error).name === "NoSuchKey") return undefined;
      throw error;
    }
  }

  async exists(key: string): Promise<boolean> {
    const { HeadObjectCommand } = await s3Sdk();
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return true;
    } catch (error) {
      // A HEAD answer has no body to name the error: the SDK calls a 404 "NotFound" (not NoSuchKey).
      if ((error as Error).name === "NotFound") return false;
      throw error;
    }
  }
}
