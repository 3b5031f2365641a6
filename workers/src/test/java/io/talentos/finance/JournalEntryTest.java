package io.talentos.finance;

import static io.talentos.finance.AccountType.ASSET;
import static io.talentos.finance.AccountType.LIABILITY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Domain rules of a journal entry, without Spring or a database. */
class JournalEntryTest {

  @Test
  void balancedEntryIsAccepted() {
    JournalEntry entry = JournalEntry.builder("t1", "k1", "PAYMENT_CAPTURED", "b1", "capture")
        .debit("cash", ASSET, 1500, "INR").credit("client-escrow:b1", LIABILITY, 1500, "INR").build();
    assertThat(entry.postings()).hasSize(2);
  }

  @Test
  void unbalancedEntryIsRefused() {
    assertThatThrownBy(() -> JournalEntry.builder("t1", "k1", "X", "b1", "x")
        .debit("cash", ASSET, 1500, "INR").credit("client-escrow:b1", LIABILITY, 1499, "INR").build())
        .isInstanceOf(JournalEntry.UnbalancedEntryException.class).hasMessageContaining("unbalanced in INR")
        .hasMessageContaining("= 1");
  }

  @Test
  void entryBalancedInTotalButNotPerCurrencyIsRefused() {
    assertThatThrownBy(() -> new JournalEntry("t1", "k1", "X", null, "x", null, List.of(
        new Posting("cash", ASSET, Posting.Side.DEBIT, 100, "INR"),
        new Posting("cash", ASSET, Posting.Side.CREDIT, 100, "USD"))))
        .isInstanceOf(JournalEntry.UnbalancedEntryException.class);
  }

  @Test
  void singlePostingIsRefused() {
    assertThatThrownBy(() -> JournalEntry.builder("t1", "k1", "X", null, "x").debit("cash", ASSET, 5, "INR").build())
        .isInstanceOf(JournalEntry.UnbalancedEntryException.class).hasMessageContaining("at least two");
  }

  @Test
  void zeroLinesAreLeftOutAndNegativeOnesRefused() {
    JournalEntry entry = JournalEntry.builder("t1", "k1", "X", null, "x").debit("cash", ASSET, 10, "INR")
        .credit("fee", AccountType.EXPENSE, 0, "INR").credit("escrow", LIABILITY, 10, "INR").build();
    assertThat(entry.postings()).extracting(Posting::accountCode).containsExactly("cash", "escrow");
    assertThatThrownBy(() -> JournalEntry.builder("t1", "k1", "X", null, "x").debit("cash", ASSET, -1, "INR"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void unknownCurrencyIsRefused() {
    assertThatThrownBy(() -> new Posting("cash", ASSET, Posting.Side.DEBIT, 1, "XYZ"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ISO 4217");
  }

  @Test
  void balanceFollowsTheAccountsNormalSide() {
    assertThat(ASSET.balance(100, 30)).isEqualTo(70);
    assertThat(LIABILITY.balance(30, 100)).isEqualTo(70);
  }
}
