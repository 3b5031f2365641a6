package io.talentos.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ContextConfiguration;

/**
 * The whole app on the embedded default: the real in-memory Zeebe engine, a real PostgreSQL (temporary data) and
 * every worker, a local SMTP server. All test classes with this annotation share one application context, so one
 * engine and one database.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "talentos.embedded-postgres.data-dir=", "talentos.contracts.evidence-dir=",
    "talentos.engine.journal.keep-records=true",
    "talentos.tasklist.relink-grace=PT2S",
    "talentos.security.dev-auth.port=0",
    "talentos.finance.reconciliation-cron=-", // tests reconcile on demand, never at the nightly time
    "talentos.finance.payout-batch-cron=-", // tests request payout batches themselves
    // short finance deadlines, so a test moves the engine clock by hours, not days: advancing days fires every
    // earlier test's waiting timers too (holds, acceptance windows) and loads the shared engine
    "talentos.disputes.evidence-sla=PT1H", "talentos.disputes.appeal-window=PT1H",
    "talentos.finance.release-timeout=PT1H", "talentos.finance.refund-chase-after=PT1H",
    // the provider API stubs (WireMock) listen on localhost; production allows only the public provider APIs
    "talentos.payments.allowed-api-bases=https://api.razorpay.com,https://api.stripe.com,http://localhost",
    "talentos.contracts.signing-reminder-every=PT1H", "talentos.contracts.signing-link-ttl=PT3H",
    "talentos.contracts.deliverable-grace=PT1H",
    "talentos.casting.first-submission-target=PT1H", "talentos.casting.review-target=PT1H",
    "talentos.casting.decision-target=PT1H", "talentos.casting.review-check-every=PT30M",
    "talentos.pageant.judge-reminder-every=PT1H", "talentos.pageant.archive-after=PT1H",
    "logging.level.io.talentos=WARN"})
@ContextConfiguration(initializers = TestSmtp.class) // signing emails over real SMTP to a local GreenMail
public @interface TalentOsTest {}
