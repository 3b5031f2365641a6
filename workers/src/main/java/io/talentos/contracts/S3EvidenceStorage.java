package io.talentos.contracts;

import java.net.URI;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/**
 * The evidence vault's S3-compatible storage (AWS S3, MinIO, Ceph …), chosen with
 * {@code talentos.contracts.evidence-store=s3}: one object per key in {@code talentos.contracts.s3.bucket}, written
 * with {@code If-None-Match: *} so an existing object is never replaced (the store refuses with 412). The official AWS
 * SDK signs the requests (SigV4); {@code talentos.contracts.s3.endpoint} points it at an S3-compatible server
 * (path-style addressing), blank for AWS itself.
 */
@Component
@ConditionalOnProperty(name = "talentos.contracts.evidence-store", havingValue = "s3")
class S3EvidenceStorage implements EvidenceStorage {

  private final S3Client s3;
  private final String bucket;
  private final String prefix;

  S3EvidenceStorage(@Value("${talentos.contracts.s3.endpoint:}") String endpoint,
      @Value("${talentos.contracts.s3.region:us-east-1}") String region,
      @Value("${talentos.contracts.s3.bucket}") String bucket,
      @Value("${talentos.contracts.s3.prefix:evidence/}") String prefix,
      @Value("${talentos.contracts.s3.access-key}") String accessKey,
      @Value("${talentos.contracts.s3.secret-key}") String secretKey) {
    var builder = S3Client.builder().region(Region.of(region))
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        // plain payloads that any S3-compatible server understands, no checksum trailers
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
    if (!endpoint.isBlank()) {
      builder.endpointOverride(URI.create(endpoint)).forcePathStyle(true);
    }
    this.s3 = builder.build();
    this.bucket = bucket;
    this.prefix = prefix;
  }

  @Override
  public void put(String key, byte[] bytes) {
    try {
      s3.putObject(PutObjectRequest.builder().bucket(bucket).key(prefix + key).ifNoneMatch("*")
          .contentType("application/octet-stream").build(), RequestBody.fromBytes(bytes));
    } catch (SdkException e) {
      throw new IllegalStateException("Evidence " + key + " cannot be stored in bucket " + bucket + ": "
          + e.getMessage(), e);
    }
  }

  @Override
  public byte[] get(String key) {
    try {
      return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(prefix + key).build())
          .asByteArray();
    } catch (SdkException e) {
      throw new IllegalStateException("Evidence " + key + " cannot be read from bucket " + bucket + ": "
          + e.getMessage(), e);
    }
  }
}
