package dev.slipway.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.infrastructure.security.Role;
import dev.slipway.testing.HttpAnswer;
import dev.slipway.testing.ServiceProcess;
import dev.slipway.testing.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web dashboard in a real browser (Debian's Chromium, headless, see {@link Browser}), against the
 * whole running pipeline: what a person sees after a push, a failed build, a rollback, as a viewer,
 * without a session, and on a phone-sized screen. Each test leaves a screenshot of what it checked
 * under {@code target/screenshots}; a failing one also its page's source and console.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith(RunningPipeline.Shared.class)
class DashboardIT {
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(4);
    private static final String NO_COMMIT = "0".repeat(40);
    private static final List<String> STAGES = List.of("artifact", "image", "deploy:review", "deploy:production");

    private RunningPipeline pipeline;
    private Browser browser;
    private List<String> seleniumCacheBefore;
    private URI dashboard;
    private String run;
    private String plan;
    private String brokenPlan;
    private String before = NO_COMMIT;
    private final Map<String, String> commits = new HashMap<>();
    /** The rollback's form, as the confirmation page had it: where it posts, and its fields but _csrf. */
    private URI rollbackAction;
    private final Map<String, String> rollbackFields = new LinkedHashMap<>();

    @RegisterExtension
    final Browser.DumpOnFailure dumps = new Browser.DumpOnFailure(() -> browser);

    @BeforeAll
    void startTheBrowser(RunningPipeline pipeline) {
        this.pipeline = pipeline;
        run = pipeline.run();
        plan = pipeline.plan("dash");
        brokenPlan = pipeline.plan("dash-broken");
        dashboard = status().url("/");
        seleniumCacheBefore = Browser.seleniumCache();
        browser = Browser.start();
    }

    @AfterAll
    void closeTheBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @Test
    @Order(1)
    void aPushedCommitsBuildAppearsOnThePlanPageAndGoesGreenWithoutAReload() throws Exception {
        push("one");
        awaitBuild("1", build -> deployed(build, "review") && deployed(build, "production"), "build 1 deployed to review and production");

        browser.signIn(dashboard, TestTokens.of(Role.OPERATOR));
        browser.open(page("/ui/plans/" + plan));
        assertEquals(plan, browser.waitFor("h1", WebElement::isDisplayed).getText().strip());
        browser.waitFor("tr.build[data-build='1']", WebElement::isDisplayed);
        browser.waitFor("body[data-live='connected']", element -> true);
        // A reload would start a new window object, and this with it would be gone.
        browser.script("window.__noReload = 1;");

        String marker = push("two");
        // The new row appears while the build is on its way (before it has a number, even).
        AtomicReference<Object> firstSeen = new AtomicReference<>();
        awaitOnPage(() -> "a new row on the plan page", () -> {
            firstSeen.set(browser.script("const row = document.querySelector(\"tr.build:not([data-build='1'])\");"
                    + " return row === null ? null : row.dataset.state;"));
            return firstSeen.get() != null;
        });
        AtomicReference<Map<String, String>> stages = new AtomicReference<>(Map.of());
        awaitOnPage(() -> "build 2's stages all succeeded on the plan page; last seen " + stages.get(), () -> {
            stages.set(stageStates("tr.build[data-build='2']"));
            return stages.get().keySet().containsAll(STAGES) && stages.get().values().stream().allMatch("succeeded"::equals);
        });
        assertTrue(List.of("received", "running", "waiting", "built").contains(String.valueOf(firstSeen.get())),
                "the new row was there while the build ran, not only once it was served: first seen as " + firstSeen.get());
        assertEquals("served", browser.waitFor("tr.build[data-build='2']", e -> true).getAttribute("data-state"));
        browser.screenshot("plan-page-live");
        assertEquals(1L, browser.script("return window.__noReload === undefined ? null : window.__noReload;"),
                "the page was never reloaded");

        // Each environment's URL on the row serves the new build's page.
        List<String> urls = browser.all("tr.build[data-build='2'] a.url").stream().map(a -> a.getAttribute("href")).toList();
        assertFalse(urls.isEmpty(), "build 2's row links to where it runs");
        for (String url : urls) {
            HttpAnswer page = HttpAnswer.get(URI.create(url));
            assertEquals(200, page.status(), url);
            assertTrue(page.body().contains(marker), url + " serves '" + marker + "': " + page.body());
        }
    }

    @Test
    @Order(2)
    void aFailedBuildSaysWhyInWords() throws Exception {
        // Marathon's own spelling of memory, which Slipway's descriptor does not take.
        String commit = pipeline.repository("dash-broken").commitSiteWithDescriptor("dash broken " + run,
                descriptor -> descriptor.replace("\"memory\": \"32m\"", "\"mem\": 64"));
        assertEquals(202, pipeline.pushed("dash-broken", NO_COMMIT, commit, "broken").status());
        JsonNode failed = awaitBuild(brokenPlan, commit, build -> "failed".equals(build.path("state").asText()), "the broken build failed");

        // The plans page shows the plan failing, and leads to the build.
        browser.open(page("/ui/plans"));
        WebElement planRow = browser.waitFor("tr.plan[data-plan='" + brokenPlan + "']", WebElement::isDisplayed);
        assertTrue(planRow.getAttribute("class").contains("failing"), "a failing plan stands out: " + planRow.getAttribute("class"));
        planRow.findElement(By.cssSelector("a.plan-link")).click();
        browser.waitFor("tr.build[data-state='failed'] a.build-link", WebElement::isDisplayed).click();

        assertEquals("failed", browser.waitFor("span#build-state", WebElement::isDisplayed).getAttribute("data-state"));
        String reason = browser.waitFor("p#failure-reason", WebElement::isDisplayed).getText();
        browser.screenshot("failed-build");
        assertTrue(reason.contains("artifact"), "the reason names the stage: " + reason);
        assertTrue(reason.contains("mem"), "the reason names what is wrong: " + reason);
        String firstLine = failed.path("reason").asText().lines().findFirst().orElseThrow();
        assertTrue(reason.contains(firstLine), "the page says what the API says (" + firstLine + "): " + reason);
    }

    @Test
    @Order(3)
    void anOperatorRollsProductionBackToAnOlderBuildWithOneConfirmedClick() throws Exception {
        push("three");
        awaitBuild("3", build -> deployed(build, "production"), "build 3 deployed to production");

        browser.open(page("/ui/plans/" + plan + "/builds/1"));
        WebElement form = browser.waitFor("form.deploy-action[data-environment='production']", WebElement::isDisplayed);
        assertEquals("rollback", form.getAttribute("data-action"));
        WebElement button = form.findElement(By.cssSelector("button.deploy-action-button"));
        assertEquals("Roll back production to build 1", button.getText().strip());
        button.click();

        String confirmation = browser.waitFor("p#confirm-text", WebElement::isDisplayed).getText().strip();
        assertEquals("production: build 3 will be replaced by build 1 (rollback)", confirmation);
        WebElement confirmForm = browser.waitFor("form#confirm-form", WebElement::isDisplayed);
        rollbackAction = URI.create(String.valueOf(browser.script("return arguments[0].action;", confirmForm)));
        for (WebElement input : confirmForm.findElements(By.cssSelector("input[name]"))) {
            if (!"_csrf".equals(input.getAttribute("name"))) {
                rollbackFields.put(input.getAttribute("name"), input.getAttribute("value"));
            }
        }
        assertTrue(browser.present("a#cancel"), "the confirmation can be cancelled");
        browser.screenshot("rollback-confirmation");
        browser.waitFor("button#confirm", WebElement::isDisplayed).click();

        String notice = browser.waitFor("p#notice", WebElement::isDisplayed).getText();
        assertTrue(notice.contains("rollback of production to build 1 requested"), notice);
        assertTrue(browser.currentUrl().getPath().endsWith("/ui/plans/" + plan + "/builds/1"), browser.currentUrl().toString());
        browser.screenshot("rollback-requested");

        // The build's page follows the rollback live, to production running it, with its address.
        String running = "table#deployments tr.deployment[data-environment='production'][data-state='running'] a.url";
        awaitOnPage(() -> "build 1's page shows it running in production: " + browser.all("table#deployments tr.deployment").stream()
                .map(row -> row.getAttribute("data-environment") + " " + row.getAttribute("data-state")).toList(),
                () -> browser.present(running));
        String production = browser.waitFor(running, WebElement::isDisplayed).getAttribute("href");
        browser.screenshot("rollback-done");
        String marker = "dash one " + run;
        AtomicReference<String> served = new AtomicReference<>();
        try {
            await("production serves build 1").atMost(BUILD_TIMEOUT).pollInterval(Duration.ofSeconds(1)).until(() -> {
                HttpAnswer answer = HttpAnswer.get(URI.create(production));
                served.set(answer.status() + " " + answer.body());
                return answer.status() == 200 && answer.body().contains(marker);
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(production + " never served '" + marker + "'; last: " + served.get() + "\n" + pipeline.logs(), e);
        }
        // And the plans page says so.
        browser.open(page("/ui/plans"));
        String environment = "tr.plan[data-plan='" + plan + "'] span.environment[data-environment='production']";
        assertEquals(production, browser.waitFor(environment + " a.url", WebElement::isDisplayed).getAttribute("href"));
        assertTrue(environmentText(plan, "production").matches("(?s).*\\b1\\b.*"), "production runs build 1: " + environmentText(plan, "production"));
        browser.screenshot("plans-after-rollback");
    }

    @Test
    @Order(4)
    void thePlanPageListsTheBuildsNewestFirstWithTheirCommits() {
        browser.open(page("/ui/plans/" + plan));
        browser.waitFor("tr.build[data-build='3']", WebElement::isDisplayed);
        List<String> numbers = browser.all("tr.build").stream().map(row -> row.getAttribute("data-build")).toList();
        assertEquals(List.of("3", "2", "1"), numbers);
        List<String> names = List.of("one", "two", "three");
        for (int number = 1; number <= names.size(); number++) {
            String name = names.get(number - 1);
            String row = browser.waitFor("tr.build[data-build='" + number + "']", WebElement::isDisplayed).getText();
            assertTrue(row.contains(commits.get(name).substring(0, 7)), "build " + number + "'s row shows its commit: " + row);
            assertTrue(row.contains("Show dash " + name + " " + run), "build " + number + "'s row shows its message: " + row);
            assertTrue(row.contains("Zoë Example"), "build " + number + "'s row shows its author: " + row);
        }
        browser.screenshot("plan-page");
    }

    @Test
    @Order(5)
    void anActionWithoutASessionOrWithoutItsCsrfTokenIsRefused() {
        assertNotNull(rollbackAction, "the rollback's confirmation form was read by the rollback test");
        String form = encode(rollbackFields);
        HttpAnswer anonymous = HttpAnswer.send(HttpRequest.newBuilder(rollbackAction)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(401, anonymous.status(), anonymous.body());

        Cookie session = browser.cookie("slipway_session");
        assertNotNull(session, "the operator's browser has a session");
        assertTrue(session.isHttpOnly(), "the session cookie is HttpOnly");
        HttpAnswer withoutCsrf = HttpAnswer.send(HttpRequest.newBuilder(rollbackAction)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "slipway_session=" + session.getValue())
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertEquals(403, withoutCsrf.status(), withoutCsrf.body());

        // The same in the browser: the confirmation form of another build, sent without its token.
        browser.open(page("/ui/plans/" + plan + "/builds/2/deploy?environment=production"));
        WebElement confirm = browser.waitFor("form#confirm-form", WebElement::isDisplayed);
        browser.script("arguments[0].querySelector(\"input[name='_csrf']\").remove();", confirm);
        browser.waitFor("button#confirm", WebElement::isDisplayed).click();
        String why = browser.waitFor("p#error", WebElement::isDisplayed).getText();
        browser.screenshot("action-refused-without-csrf");
        assertTrue(why.contains("_csrf"), "the page says why it refused: " + why);
        assertFalse(browser.present("p#notice"), "no action was requested");
    }

    @Test
    @Order(6)
    void aViewerSeesNoButtonsButSignOutAndCannotActByUrl() {
        browser.signIn(dashboard, TestTokens.of(Role.VIEWER));
        assertTrue(browser.waitFor("span#who", WebElement::isDisplayed).getText().contains("(viewer)"));
        for (String path : List.of("/ui/plans", "/ui/plans/" + plan, "/ui/plans/" + plan + "/builds/1", "/ui/bus")) {
            browser.open(page(path));
            browser.waitFor("span#who", WebElement::isDisplayed);
            assertFalse(browser.present("form#trigger-form"), path + " has no trigger form for a viewer");
            assertFalse(browser.present("form.deploy-action"), path + " has no deploy actions for a viewer");
            List<String> others = buttonsOtherThanSignOut();
            assertEquals(List.of(), others, path + " has no buttons but sign-out for a viewer");
        }
        browser.open(page("/ui/plans/" + plan + "/builds/1"));
        browser.waitFor("ol#timeline", WebElement::isDisplayed);
        browser.screenshot("viewer-build-page");

        // Nor can a viewer act by sending the form itself, with a valid session and token.
        String csrf = browser.waitFor("input[name='_csrf']", e -> true).getAttribute("value");
        Map<String, String> fields = new LinkedHashMap<>(rollbackFields);
        fields.put("_csrf", csrf);
        HttpAnswer refused = HttpAnswer.send(HttpRequest.newBuilder(rollbackAction)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Cookie", "slipway_session=" + browser.cookie("slipway_session").getValue())
                .POST(HttpRequest.BodyPublishers.ofString(encode(fields))));
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.body().contains("operator"), refused.body());
    }

    @Test
    @Order(7)
    void onAPhoneThePlansPageFitsAndSigningInTakesTheKeyboardAlone() {
        browser.resize(Browser.PHONE);
        try {
            browser.signOut();
            browser.open(page("/ui/plans"));
            browser.waitFor("form#sign-in-form", WebElement::isDisplayed);
            assertEquals("/ui/sign-in", browser.currentUrl().getPath(), "a page without a session leads to sign-in");

            browser.tabTo("input#token", 15);
            browser.press(TestTokens.of(Role.OPERATOR));
            browser.press(Keys.ENTER);
            browser.waitFor("span#who", WebElement::isDisplayed);
            assertEquals("/ui/plans", browser.currentUrl().getPath(), "signed in, back to the page asked for");
            browser.waitFor("tr.plan[data-plan='" + plan + "']", WebElement::isDisplayed);
            assertNoHorizontalScroll("/ui/plans");
            browser.screenshot("plans-page-phone");

            browser.open(page("/ui/plans/" + plan));
            browser.waitFor("tr.build[data-build='1']", e -> true);
            assertNoHorizontalScroll("/ui/plans/" + plan);
            browser.screenshot("plan-page-phone");
        } finally {
            browser.resize(Browser.DESKTOP);
        }
    }

    @Test
    @Order(8)
    void theBrowserIsDebiansChromiumAndNothingWasDownloaded() throws Exception {
        Commands.Result version = Commands.run(Duration.ofSeconds(30), Map.of(), Browser.CHROMIUM.toString(), "--version");
        assertEquals(0, version.exitCode(), version.output());
        assertTrue(version.output().contains(browser.version()), "the browser driven is " + Browser.CHROMIUM + ": " + version.output());
        browser.open(URI.create("chrome://version"));
        String about = browser.waitFor("body", WebElement::isDisplayed).getText();
        browser.screenshot("chromium-version");
        assertTrue(about.contains("/usr/lib/chromium/"), "Debian's chromium package: " + about);
        assertEquals(seleniumCacheBefore, Browser.seleniumCache(), "Selenium Manager put nothing in " + Browser.SELENIUM_CACHE);
    }

    // --- helpers -------------------------------------------------------------------------------------

    private ServiceProcess status() {
        return pipeline.service("status");
    }

    private URI page(String path) {
        return dashboard.resolve(path);
    }

    /** Commits the example site with the marker "dash NAME RUN" and pushes it (a signed GitHub webhook); returns the marker. */
    private String push(String name) throws Exception {
        String marker = "dash " + name + " " + run;
        String commit = pipeline.repository("dash").commitSite(marker);
        HttpAnswer answer = pipeline.pushed("dash", before, commit, "Show " + marker);
        assertEquals(202, answer.status(), answer.body());
        commits.put(name, commit);
        before = commit;
        return marker;
    }

    private JsonNode awaitBuild(String ref, Predicate<JsonNode> ready, String what) {
        return awaitBuild(plan, ref, ready, what);
    }

    /** Waits until status-service's API says what {@code ready} wants of a build (the test's set-up, not what it checks). */
    private JsonNode awaitBuild(String plan, String ref, Predicate<JsonNode> ready, String what) {
        AtomicReference<String> last = new AtomicReference<>();
        URI uri = status().url("/plans/" + plan + "/builds/" + ref);
        try {
            return await(what).atMost(BUILD_TIMEOUT).pollInterval(Duration.ofMillis(500)).until(() -> {
                HttpAnswer answer = HttpAnswer.get(uri, "Authorization", "Bearer " + TestTokens.of(Role.VIEWER));
                last.set(answer.status() + " " + answer.body());
                return answer.status() == 200 ? answer.json() : null;
            }, build -> build != null && ready.test(build));
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError(what + ": never; " + uri + " answered last " + last.get() + "\n" + pipeline.logs(), e);
        }
    }

    private static boolean deployed(JsonNode build, String environment) {
        for (JsonNode stage : build.path("stages")) {
            if ("deploy".equals(stage.path("stage").asText()) && environment.equals(stage.path("environment").asText())
                    && "succeeded".equals(stage.path("state").asText())) {
                return true;
            }
        }
        return false;
    }

    /** Waits (as long as a build may take) for the page to show something; on failure, with the services' logs. */
    private void awaitOnPage(Supplier<String> what, Supplier<Boolean> condition) {
        try {
            browser.waitUntil(what, BUILD_TIMEOUT, condition);
        } catch (TimeoutException e) {
            throw new AssertionError(e.getMessage() + "\n" + pipeline.logs(), e);
        }
    }

    /** The stage bars of a row: data-stage -> data-state. */
    private Map<String, String> stageStates(String row) {
        Map<String, String> states = new LinkedHashMap<>();
        for (WebElement stage : browser.all(row + " span.stage")) {
            states.put(stage.getAttribute("data-stage"), stage.getAttribute("data-state"));
        }
        return states;
    }

    /** What the plans page says of a plan's environment, less its URL's text. */
    private String environmentText(String plan, String environment) {
        List<WebElement> spans = browser.all("tr.plan[data-plan='" + plan + "'] span.environment[data-environment='" + environment + "']");
        if (spans.isEmpty()) {
            return "";
        }
        String text = spans.get(0).getText();
        for (WebElement link : spans.get(0).findElements(By.cssSelector("a.url"))) {
            text = text.replace(link.getText(), " ");
        }
        return text;
    }

    /** The page's buttons (and submit inputs) that are not the sign-out form's, described. */
    @SuppressWarnings("unchecked")
    private List<String> buttonsOtherThanSignOut() {
        List<Object> found = (List<Object>) browser.script("""
                return Array.from(document.querySelectorAll("button, input[type=submit], input[type=button], input[type=image]"))
                    .filter(b => !(b.form && new URL(b.form.action).pathname === "/ui/sign-out"))
                    .map(b => b.outerHTML);
                """);
        return found.stream().map(String::valueOf).collect(Collectors.toCollection(ArrayList::new));
    }

    private void assertNoHorizontalScroll(String path) {
        @SuppressWarnings("unchecked")
        List<Long> widths = (List<Long>) browser.script(
                "return [document.documentElement.scrollWidth, document.documentElement.clientWidth, window.innerWidth];");
        assertTrue(widths.get(0) <= widths.get(1),
                path + " at " + Browser.PHONE.getWidth() + " px scrolls sideways: scrollWidth " + widths.get(0) + " > clientWidth " + widths.get(1));
    }

    private static String encode(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
