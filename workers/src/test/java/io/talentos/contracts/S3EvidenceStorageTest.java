package io.talentos.contracts;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The S3-compatible evidence storage against a local stub of the S3 REST API (the store lies outside TalentOS): a
 * signed, create-only PUT into the bucket (path-style), the bytes read back, and an existing key refused.
 */
class S3EvidenceStorageTest {

  @RegisterExtension
  static WireMockExtension s3 = WireMockExtension.newInstance().options(options().dynamicPort()).build();

  @Test
  void storesOnlyNewObjectsSignedWithSigV4AndReadsThemBack() {
    var storage = new S3EvidenceStorage(s3.baseUrl(), "ap-south-1", "talentos-evidence", "evidence/", "AKIATEST",
        "secret-test");
    String path = "/talentos-evidence/evidence/demo/c-1/item.pdf";
    s3.stubFor(put(urlEqualTo(path)).withHeader("If-None-Match", equalTo("*")).willReturn(aResponse()
        .withStatus(200).withHeader("ETag", "\"e1\"")));
    s3.stubFor(get(urlEqualTo(path)).willReturn(aResponse().withStatus(200).withBody("%PDF-sealed")));

    storage.put("demo/c-1/item.pdf", "%PDF-sealed".getBytes(StandardCharsets.US_ASCII));
    s3.verify(putRequestedFor(urlEqualTo(path))
        .withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=AKIATEST/\\d{8}/ap-south-1/s3/.*"))
        .withHeader("If-None-Match", equalTo("*")));
    assertThat(new String(storage.get("demo/c-1/item.pdf"), StandardCharsets.US_ASCII)).isEqualTo("%PDF-sealed");

    s3.stubFor(put(urlEqualTo(path)).willReturn(aResponse().withStatus(412).withHeader("Content-Type",
        "application/xml").withBody("<Error><Code>PreconditionFailed</Code><Message>At least one of the "
        + "pre-conditions you specified did not hold</Message></Error>")));
    assertThatThrownBy(() -> storage.put("demo/c-1/item.pdf", new byte[] {1}))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("cannot be stored");
    s3.stubFor(get(urlEqualTo("/talentos-evidence/evidence/missing")).willReturn(aResponse().withStatus(404)));
    assertThatThrownBy(() -> storage.get("missing")).isInstanceOf(IllegalStateException.class);
  }
}
