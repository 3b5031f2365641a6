package io.talentos.contracts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shipped templates (one per contract type of seed 000 §11.3) and the clause library: every template renders
 * with values of its declared types and leaves no placeholder behind, bad variables are refused with every problem
 * named, and a clause edited away from the template names its category for the approvals DMN.
 */
class ContractTemplatesTest {

  private static ContractTemplates templates;

  @BeforeAll
  static void load() throws Exception {
    templates = new ContractTemplates();
  }

  @Test
  void thereIsATemplateForEachContractTypeAndEachRendersWithoutPlaceholdersLeft() {
    assertThat(templates.all().keySet()).containsExactlyInAnyOrder("TALENT_REPRESENTATION", "CLIENT_SERVICE",
        "BOOKING", "VENDOR", "NDA", "CONSENT_RELEASE");
    assertThat(templates.library().values()).extracting(ContractTemplates.Clause::category)
        .contains("FINANCE", "IP", "CONFIDENTIALITY", "CONDUCT", "MINOR_PROTECTION");
    templates.all().values().forEach(template -> {
      Map<String, Object> values = new LinkedHashMap<>();
      template.variables().forEach(v -> values.put(v.name(), switch (v.type()) {
        case "MONEY" -> Map.of("amountMinor", 15_000_050, "currency", "INR");
        case "DATE" -> "2026-12-01";
        case "INTEGER" -> 12;
        case "BOOLEAN" -> true;
        default -> "Sample " + v.name();
      }));
      var checked = templates.checkVariables(template, values);
      String text = templates.render(template, checked, templates.defaultClauses(template));
      assertThat(text).as(template.type()).doesNotContain("{{").doesNotContain("}}").contains("1. ");
      if (values.containsKey("fee")) {
        assertThat(text).as(template.type()).contains("INR 150,000.50");
      }
    });
  }

  @Test
  void badVariablesAreRefusedWithEveryProblemNamed() {
    var booking = templates.template("BOOKING");
    assertThatThrownBy(() -> templates.checkVariables(booking, Map.of("fee", Map.of("amountMinor", 1.5,
        "currency", "INR"), "startsAt", "next week", "bonus", 1)))
        .isInstanceOf(ContractTemplates.InvalidTermsException.class)
        .hasMessageContaining("fee: must be").hasMessageContaining("startsAt: must be an ISO date")
        .hasMessageContaining("clientName is required").hasMessageContaining("bonus is not a variable");
    assertThatThrownBy(() -> templates.template("LEASE")).isInstanceOf(ContractTemplates.UnknownTemplateException.class);
  }

  @Test
  void clausesEditedAwayFromTheTemplateNameTheirCategories() {
    var booking = templates.template("BOOKING");
    List<ContractTemplates.Clause> clauses = new ArrayList<>(templates.defaultClauses(booking));
    assertThat(templates.changedCategories(booking, clauses)).isEmpty();
    clauses.replaceAll(c -> c.category().equals("FINANCE") && c.id().equals("payment-terms")
        ? new ContractTemplates.Clause(c.id(), c.category(), c.title(), "Paid in 60 days.") : c);
    clauses.removeIf(c -> c.category().equals("IP"));
    clauses.add(new ContractTemplates.Clause("chaperone", "MINOR_PROTECTION", "Chaperone", "A chaperone attends."));
    assertThat(templates.changedCategories(booking, clauses)).containsExactly("finance", "ip", "minor-protection");
  }
}
