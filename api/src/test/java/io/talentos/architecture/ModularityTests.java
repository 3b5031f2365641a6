package io.talentos.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.talentos.TalentOsApplication;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * The capability modules (booking, engine, finance, tasklist, tenancy, web) have no cycles and use each other only
 * through their top-level types; the module diagrams in docs/modules are written from the code, so they cannot drift.
 */
class ModularityTests {

  private static final ApplicationModules MODULES = ApplicationModules.of(TalentOsApplication.class);
  private static final JavaClasses CLASSES = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.talentos");

  @Test
  void modulesRespectTheirBoundaries() {
    MODULES.verify();
  }

  @Test
  void writeModuleDiagrams() throws java.io.IOException {
    new Documenter(MODULES, Documenter.Options.defaults().withOutputFolder("../docs/modules")).writeModulesAsPlantUml()
        .writeIndividualModulesAsPlantUml();
    // the documenter lists relations in no stable order; sort them so an unchanged design leaves the files unchanged
    try (var files = java.nio.file.Files.list(java.nio.file.Path.of("../docs/modules"))) {
      for (var file : files.filter(f -> f.toString().endsWith(".puml")).toList()) {
        var lines = java.nio.file.Files.readAllLines(file);
        var relations = lines.stream().filter(l -> l.startsWith("Rel(")).sorted().iterator();
        var stable = lines.stream().map(l -> l.startsWith("Rel(") ? relations.next() : l).toList();
        java.nio.file.Files.write(file, stable);
      }
    }
  }

  @Test
  void ledgerAndBookingValueTypesImportNoFrameworks() {
    noClasses().that().haveFullyQualifiedName("io.talentos.finance.Money")
        .or().haveFullyQualifiedName("io.talentos.finance.Posting")
        .or().haveFullyQualifiedName("io.talentos.finance.JournalEntry")
        .or().haveFullyQualifiedName("io.talentos.finance.AccountType")
        .or().haveFullyQualifiedName("io.talentos.finance.CommissionSplit")
        .or().haveFullyQualifiedName("io.talentos.finance.BookingAccounts")
        .or().haveFullyQualifiedName("io.talentos.booking.Inquiry")
        .should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "io.camunda..")
        .because("domain rules are plain Java, testable without Spring or the engine")
        .check(CLASSES);
  }

  @Test
  void onlyTheEngineAdapterWorkersAndProcessStartersTalkToCamunda() {
    noClasses().that().resideInAPackage("io.talentos..")
        .and().resideOutsideOfPackages("io.talentos.engine..", "io.talentos.tasklist..", "io.talentos.web..",
            "io.talentos.designer..")
        .and().haveSimpleNameNotEndingWith("Workers").and().haveSimpleNameNotEndingWith("Service")
        .and().haveNameNotMatching(".*Workers\\$.*")
        .should().dependOnClassesThat().resideInAPackage("io.camunda..")
        .because("the engine is reached through workers, the engine adapter, the designer's model deployments and the "
            + "services that start processes")
        .check(CLASSES);
  }
}
