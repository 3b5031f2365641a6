package io.talentos.pageant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.talentos.pageant.ScoreChain.ChainFields;
import io.talentos.pageant.ScoreChain.ChainedRow;
import io.talentos.pageant.ScoreChain.Verification;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hash-chained, judge-signed score records (seed 002 §3.4 "hash &amp; sign scores"; issue 6). */
class ScoreChainTest {

  private static final UUID SEASON = UUID.fromString("00000000-0000-0000-0000-00000000a001");
  private static final Instant T0 = Instant.parse("2025-03-01T18:00:00Z");

  private final KeyPair alice = ScoreChain.newJudgeKey();
  private final KeyPair bob = ScoreChain.newJudgeKey();
  private final Map<String, PublicKey> judgeKeys = new HashMap<>();
  private List<ChainedRow> rows;

  @BeforeEach
  void buildChainOfFiveRowsFromTwoJudges() {
    judgeKeys.put("j1", alice.getPublic());
    judgeKeys.put("j2", bob.getPublic());
    rows = new ArrayList<>();
    String previous = ScoreChain.GENESIS_HASH;
    for (int seq = 1; seq <= 5; seq++) {
      ChainedRow row = ScoreChain.seal(previous, fields(seq, Map.of("poise", seq, "talent", 9)), keyOf(seq));
      rows.add(row);
      previous = row.hash();
    }
  }

  private static ChainFields fields(long seq, Map<String, Integer> scores) {
    return new ChainFields(seq, "tenant-a", SEASON, "final", new UUID(7, seq), seq % 2 == 1 ? "j1" : "j2",
        "C0" + seq, scores, null, T0.plusSeconds(seq));
  }

  private PrivateKey keyOf(long seq) {
    return seq % 2 == 1 ? alice.getPrivate() : bob.getPrivate();
  }

  private Verification verify(List<ChainedRow> chain) {
    return ScoreChain.verify(chain, judgeKeys::get);
  }

  @Test
  void untouchedChainIsIntact() {
    Verification v = verify(rows);

    assertThat(v).isEqualTo(new Verification(true, 5, null, null));
    assertThat(rows.get(0).previousHash()).isEqualTo("0".repeat(64));
    assertThat(rows.get(1).previousHash()).isEqualTo(rows.get(0).hash());
  }

  @Test
  void alteredScoreKeepingTheHashBreaksTheChainAtThatRow() {
    ChainedRow row3 = rows.get(2);
    ChainFields altered = fields(3, Map.of("poise", 10, "talent", 9));
    rows.set(2, new ChainedRow(altered, row3.previousHash(), row3.hash(), row3.signature()));

    Verification v = verify(rows);

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(3L);
    assertThat(v.rowsChecked()).isEqualTo(2);
    assertThat(v.problem()).isEqualTo("row 3: hash does not match its content");
  }

  @Test
  void rehashedRowSignedWithAnotherKeyFailsTheSignatureCheck() {
    ChainedRow row3 = rows.get(2);
    ChainFields altered = fields(3, Map.of("poise", 10, "talent", 9));
    KeyPair mallory = ScoreChain.newJudgeKey();
    rows.set(2, ScoreChain.seal(row3.previousHash(), altered, mallory.getPrivate()));

    Verification v = verify(rows);

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(3L);
    assertThat(v.problem()).isEqualTo("row 3: signature does not verify with judge j1's key");
  }

  @Test
  void removedRowIsASeqGap() {
    rows.remove(1);

    Verification v = verify(rows);

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(2L);
    assertThat(v.rowsChecked()).isEqualTo(1);
    assertThat(v.problem()).startsWith("row 3 found where seq 2 was expected");
  }

  @Test
  void rowWhosePreviousHashDoesNotLinkIsDetected() {
    // row 4 re-sealed (validly hashed and signed) onto row 2's hash instead of row 3's
    rows.set(3, ScoreChain.seal(rows.get(1).hash(), rows.get(3).fields(), keyOf(4)));

    Verification v = verify(rows);

    assertThat(v.intact()).isFalse();
    assertThat(v.firstBrokenSeq()).isEqualTo(4L);
    assertThat(v.problem()).isEqualTo("row 4: previousHash does not link to row 3's hash");
  }

  @Test
  void firstRowMustStartFromTheGenesisHash() {
    rows.set(0, ScoreChain.seal("f".repeat(64), rows.get(0).fields(), keyOf(1)));

    assertThat(verify(rows).problem()).isEqualTo("row 1: previousHash does not link to the genesis hash");
  }

  @Test
  void missingJudgeKeyIsAFailure() {
    judgeKeys.remove("j2");

    Verification v = verify(rows);

    assertThat(v.firstBrokenSeq()).isEqualTo(2L);
    assertThat(v.problem()).isEqualTo("row 2: no public key for judge j2");
  }

  @Test
  void emptyChainIsIntact() {
    assertThat(verify(List.of())).isEqualTo(new Verification(true, 0, null, null));
  }

  @Test
  void keysSurviveTheirEncodings() {
    PublicKey pub = ScoreChain.publicKey(alice.getPublic().getEncoded());
    PrivateKey priv = ScoreChain.privateKey(alice.getPrivate().getEncoded());
    String hash = rows.get(0).hash();

    assertThat(ScoreChain.verifySignature(pub, hash, ScoreChain.sign(priv, hash))).isTrue();
    assertThat(ScoreChain.sign(priv, hash)).isEqualTo(rows.get(0).signature()); // Ed25519 is deterministic
    assertThat(ScoreChain.verifySignature(bob.getPublic(), hash, rows.get(0).signature())).isFalse();
    assertThat(ScoreChain.verifySignature(pub, hash, "not base64!")).isFalse();
    assertThatThrownBy(() -> ScoreChain.publicKey(new byte[] {1, 2, 3}))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void canonicalTextIsSortedLineOrientedAndEscaped() {
    ChainFields f = new ChainFields(7, "tenant-a", SEASON, "final", new UUID(7, 7), "j1", "C,07",
        Map.of("talent", 9, "poise", 10), new UUID(7, 6), Instant.parse("2025-03-01T18:00:00.123456Z"));

    assertThat(ScoreChain.canonical(f)).isEqualTo("""
        talentos.pageant.score.v1
        seq=7
        tenant=tenant-a
        season=00000000-0000-0000-0000-00000000a001
        stage=final
        score=00000000-0000-0007-0000-000000000007
        judge=j1
        contestant=C\\,07
        criteria=poise:10,talent:9
        corrects=00000000-0000-0007-0000-000000000006
        submitted=2025-03-01T18:00:00.123456Z""");
    assertThat(ScoreChain.canonical(fields(1, Map.of("poise", 1, "talent", 9)))).contains("\ncorrects=-\n");
  }

  @Test
  void hashCoversThePreviousHashAndTheCanonicalText() {
    String canonical = ScoreChain.canonical(rows.get(0).fields());

    assertThat(ScoreChain.hash(ScoreChain.GENESIS_HASH, canonical))
        .isEqualTo(Canon.sha256Hex("0".repeat(64) + "\n" + canonical))
        .isEqualTo(rows.get(0).hash())
        .matches("[0-9a-f]{64}");
    assertThatThrownBy(() -> ScoreChain.hash("ABC", canonical)).isInstanceOf(IllegalArgumentException.class);
  }
}
