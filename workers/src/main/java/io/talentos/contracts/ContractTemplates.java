package io.talentos.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.samskivert.mustache.Escapers;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.MustacheException;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;

/**
 * The contract templates (seed 000 §11.3: one per contract type) and the clause library (§11.2: finance, IP,
 * confidentiality, conduct, minor protection), read from {@code processes/contracts/}. Templates declare typed
 * variables (TEXT, MONEY, DATE, INTEGER, BOOLEAN); bodies and clauses are logic-less Mustache (jmustache), rendered as
 * plain text without HTML escaping.
 */
@Component
public class ContractTemplates {

  /** A typed template variable. MONEY values are {@code {amountMinor, currency}} (ISO 4217); DATE is ISO-8601. */
  public record Variable(String name, String type, boolean required, String label) {}

  /** A clause: its library id (or a custom id), category, title and Mustache text. */
  public record Clause(String id, String category, String title, String text) {}

  /** A contract template: its type, title, the signer roles it expects, its variables, default clauses and body. */
  public record Template(String type, String title, List<String> signerRoles, List<Variable> variables,
      List<String> clauses, String body) {}

  /** Variables or clauses that do not fit the template (HTTP 422); the message names each problem. */
  public static class InvalidTermsException extends RuntimeException {
    InvalidTermsException(String message) {
      super(message);
    }
  }

  /** No template of that contract type (HTTP 404). */
  public static class UnknownTemplateException extends RuntimeException {
    UnknownTemplateException(String type) {
      super("No contract template of type " + type);
    }
  }

  /** The clause categories of the library (seed 000 §11.2) and GENERAL for the rest. */
  public static final Set<String> CATEGORIES = Set.of("FINANCE", "IP", "CONFIDENTIALITY", "CONDUCT",
      "MINOR_PROTECTION", "GENERAL");

  private static final Set<String> TYPES = Set.of("TEXT", "MONEY", "DATE", "INTEGER", "BOOLEAN");
  private static final int MAX_TEXT = 4000;

  private record ClauseEntry(String category, String title, String text) {}

  private record Library(Map<String, ClauseEntry> clauses) {}

  private final Map<String, Template> templates = new TreeMap<>();
  private final Map<String, Clause> library = new LinkedHashMap<>();
  private final Mustache.Compiler mustache = Mustache.compiler().withEscaper(Escapers.NONE).defaultValue("")
      .withLoader(name -> {
        throw new InvalidTermsException("Contract texts may use variables and sections only, no partials ("
            + name + ")");
      });
  private static final java.util.regex.Pattern NOT_ALLOWED = java.util.regex.Pattern.compile("\\{\\{\\s*[>=<]");

  ContractTemplates() throws IOException {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory())
        .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    var resolver = new PathMatchingResourcePatternResolver();
    try (InputStream in = resolver.getResource("classpath:processes/contracts/clause-library.yaml").getInputStream()) {
      yaml.readValue(in, Library.class).clauses().forEach((id, c) -> {
        if (!CATEGORIES.contains(c.category())) {
          throw new IllegalStateException("Clause " + id + " has an unknown category " + c.category());
        }
        library.put(id, new Clause(id, c.category(), c.title(), c.text()));
      });
    }
    for (Resource resource : resolver.getResources("classpath*:processes/contracts/templates/*.yaml")) {
      try (InputStream in = resource.getInputStream()) {
        Template template = yaml.readValue(in, Template.class);
        for (Variable v : template.variables()) {
          if (!TYPES.contains(v.type())) {
            throw new IllegalStateException(resource + ": variable " + v.name() + " has an unknown type " + v.type());
          }
        }
        for (String clause : template.clauses()) {
          if (!library.containsKey(clause)) {
            throw new IllegalStateException(resource + ": no clause " + clause + " in the clause library");
          }
        }
        templates.put(template.type(), template);
      }
    }
  }

  /** The templates by contract type. */
  public Map<String, Template> all() {
    return templates;
  }

  /** The clause library by id. */
  public Map<String, Clause> library() {
    return library;
  }

  /** The template of a contract type. @throws UnknownTemplateException if there is none */
  public Template template(String type) {
    Template template = templates.get(type);
    if (template == null) {
      throw new UnknownTemplateException(type);
    }
    return template;
  }

  /** The template's default clauses, in order. */
  public List<Clause> defaultClauses(Template template) {
    return template.clauses().stream().map(library::get).toList();
  }

  /**
   * Checks and normalises the variables against the template's declarations: required ones present, no undeclared
   * ones, each of its type. MONEY becomes {@code {amountMinor: long, currency: "INR"}}; INTEGER a long; DATE an ISO
   * date string. @throws InvalidTermsException listing every problem
   */
  public Map<String, Object> checkVariables(Template template, Map<String, Object> values) {
    Map<String, Object> given = values == null ? Map.of() : values;
    List<String> problems = new ArrayList<>();
    Map<String, Object> out = new LinkedHashMap<>();
    Set<String> declared = new LinkedHashSet<>();
    for (Variable v : template.variables()) {
      declared.add(v.name());
      Object value = given.get(v.name());
      if (value == null || (value instanceof String s && s.isBlank())) {
        if (v.required()) {
          problems.add(v.name() + " is required (" + v.type() + ")");
        }
        continue;
      }
      try {
        out.put(v.name(), normalise(v, value));
      } catch (IllegalArgumentException e) {
        problems.add(v.name() + ": " + e.getMessage());
      }
    }
    given.keySet().stream().filter(k -> !declared.contains(k)).sorted()
        .forEach(k -> problems.add(k + " is not a variable of the " + template.type() + " template"));
    if (!problems.isEmpty()) {
      throw new InvalidTermsException("The contract's variables do not fit the template: "
          + String.join("; ", problems));
    }
    return out;
  }

  private static Object normalise(Variable v, Object value) {
    return switch (v.type()) {
      case "TEXT" -> {
        String text = value.toString();
        if (text.length() > MAX_TEXT) {
          throw new IllegalArgumentException("longer than " + MAX_TEXT + " characters");
        }
        yield text;
      }
      case "BOOLEAN" -> {
        if (!(value instanceof Boolean)) {
          throw new IllegalArgumentException("must be true or false");
        }
        yield value;
      }
      case "INTEGER" -> {
        if (!(value instanceof Integer || value instanceof Long) || !(value instanceof Number n)) {
          throw new IllegalArgumentException("must be a whole number");
        }
        yield n.longValue();
      }
      case "DATE" -> {
        try {
          yield LocalDate.parse(value.toString()).toString();
        } catch (DateTimeParseException e) {
          throw new IllegalArgumentException("must be an ISO date (yyyy-mm-dd)");
        }
      }
      case "MONEY" -> {
        if (!(value instanceof Map<?, ?> m) || !(m.get("amountMinor") instanceof Number amount)
            || !(amount instanceof Integer || amount instanceof Long) // whole minor units that fit a long
            || !(m.get("currency") instanceof String currency) || !isCurrency(currency) || amount.longValue() < 0) {
          throw new IllegalArgumentException("must be {\"amountMinor\": whole minor units >= 0, "
              + "\"currency\": ISO 4217}");
        }
        yield Map.of("amountMinor", amount.longValue(), "currency", currency);
      }
      default -> throw new IllegalStateException("unknown type " + v.type());
    };
  }

  private static boolean isCurrency(String code) {
    try {
      return code.matches("[A-Z]{3}") && Currency.getInstance(code) != null;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  /**
   * Checks clauses of a draft: each has a known category, a title and a text that the template's variables can fill.
   * @throws InvalidTermsException on the first problem
   */
  public List<Clause> checkClauses(Template template, List<Clause> clauses) {
    Set<String> ids = new LinkedHashSet<>();
    for (Clause c : clauses) {
      if (c.id() == null || c.id().isBlank() || !ids.add(c.id())) {
        throw new InvalidTermsException("Each clause needs an id of its own (" + c.id() + ")");
      }
      if (!CATEGORIES.contains(c.category())) {
        throw new InvalidTermsException("Clause " + c.id() + ": category must be one of " + CATEGORIES);
      }
      if (c.title() == null || c.title().isBlank() || c.text() == null || c.text().isBlank()
          || c.text().length() > MAX_TEXT) {
        throw new InvalidTermsException("Clause " + c.id() + " needs a title and a text of at most " + MAX_TEXT
            + " characters");
      }
      if (NOT_ALLOWED.matcher(c.text()).find()) {
        throw new InvalidTermsException("Clause " + c.id() + " may use variables and sections only, no partials or "
            + "delimiter changes");
      }
      try {
        mustache.compile(c.text());
      } catch (MustacheException e) {
        throw new InvalidTermsException("Clause " + c.id() + " is not a valid template: " + e.getMessage());
      }
    }
    return clauses;
  }

  /**
   * The categories whose clauses differ from the template's defaults: a default clause removed or reworded, or a
   * clause added. Names as the {@code contract-approvals-required} DMN reads them: lower case,
   * {@code minor-protection}.
   */
  public List<String> changedCategories(Template template, List<Clause> clauses) {
    Map<String, Clause> defaults = new LinkedHashMap<>();
    defaultClauses(template).forEach(c -> defaults.put(c.id(), c));
    Map<String, Clause> now = new LinkedHashMap<>();
    clauses.forEach(c -> now.put(c.id(), c));
    Set<String> changed = new java.util.TreeSet<>();
    defaults.forEach((id, c) -> {
      Clause current = now.get(id);
      if (current == null || !Objects.equals(current.text().strip(), c.text().strip())
          || !current.category().equals(c.category())) {
        changed.add(c.category());
      }
    });
    now.forEach((id, c) -> {
      if (!defaults.containsKey(id)) {
        changed.add(c.category());
      }
    });
    return changed.stream().filter(c -> !"GENERAL".equals(c)).map(c -> c.toLowerCase(Locale.ROOT).replace('_', '-'))
        .toList();
  }

  /** The contract's text: the body, then the numbered clauses, each filled with the variables (money formatted). */
  public String render(Template template, Map<String, Object> variables, List<Clause> clauses) {
    Map<String, Object> display = new LinkedHashMap<>();
    Map<String, String> types = new LinkedHashMap<>();
    template.variables().forEach(v -> types.put(v.name(), v.type()));
    variables.forEach((name, value) -> display.put(name,
        "MONEY".equals(types.get(name)) ? formatMoney((Map<?, ?>) value) : value));
    StringBuilder text = new StringBuilder(mustache.compile(template.body()).execute(display).strip());
    int n = 1;
    for (Clause clause : clauses) {
      text.append("\n\n").append(n++).append(". ").append(clause.title()).append("\n")
          .append(mustache.compile(clause.text()).execute(display).strip());
    }
    return text.append('\n').toString();
  }

  /** Money for people: "INR 150,000.00" from minor units and the currency's ISO 4217 minor digits. */
  static String formatMoney(Map<?, ?> money) {
    String currency = (String) money.get("currency");
    int digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
    DecimalFormat format = new DecimalFormat(digits == 0 ? "#,##0" : "#,##0." + "0".repeat(digits),
        DecimalFormatSymbols.getInstance(Locale.ROOT));
    return currency + " " + format.format(BigDecimal.valueOf(((Number) money.get("amountMinor")).longValue(), digits));
  }
}
