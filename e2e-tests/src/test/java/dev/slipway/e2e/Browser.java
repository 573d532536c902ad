package dev.slipway.e2e;

import dev.slipway.testing.Chromium;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A real browser for the dashboard's tests ({@link Chromium}: Debian's, headless, never downloaded), with
 * what the end-to-end tests do on its pages. One per test class: starting Chromium costs seconds.
 *
 * <p>Every test saves a screenshot of what it checked under {@code e2e-tests/target/screenshots};
 * a failing test also leaves the page's source and the browser's console there ({@link DumpOnFailure}).
 */
final class Browser implements AutoCloseable {
    static final Path CHROMIUM = Chromium.CHROMIUM;
    static final Dimension DESKTOP = new Dimension(Chromium.WIDTH, Chromium.HEIGHT);
    static final Dimension PHONE = new Dimension(390, 844);
    /** Where Selenium Manager would put what it downloads (and its own binary), were it ever run. */
    static final Path SELENIUM_CACHE = Path.of(System.getProperty("user.home"), ".cache", "selenium");
    static final Path SCREENSHOTS = RunningPipeline.ROOT.resolve("e2e-tests/target/screenshots");
    private static final Duration WAIT = Duration.ofSeconds(20);

    private static boolean screenshotsCleared;

    private final Chromium chromium;
    private final ChromeDriver driver;

    private Browser(Chromium chromium, ChromeDriver driver) {
        this.chromium = chromium;
        this.driver = driver;
    }

    /** Starts Chromium headless at 1280x900, with a clean profile of its own. */
    static Browser start() {
        clearScreenshotsOfEarlierRuns();
        Chromium chromium = Chromium.start(SCREENSHOTS.resolve("chromedriver.log"));
        return new Browser(chromium, chromium.driver());
    }

    /** The browser's version, as it reports it to WebDriver. */
    String version() {
        return driver.getCapabilities().getBrowserVersion();
    }

    void open(URI url) {
        driver.get(url.toString());
    }

    URI currentUrl() {
        return URI.create(driver.getCurrentUrl());
    }

    /** Signs in on {@code base}'s sign-in page with {@code token}, as a person does, and waits for the signed-in page. */
    void signIn(URI base, String token) {
        open(base.resolve("/ui/sign-in"));
        if (!present("input#token") && present("span#who")) {
            // Still signed in (the sign-in page sent us on): sign out first, as a person would.
            signOut();
        }
        WebElement field = waitFor("input#token", WebElement::isDisplayed);
        field.clear();
        field.sendKeys(token);
        waitFor("button#sign-in", WebElement::isDisplayed).click();
        waitFor("span#who", WebElement::isDisplayed);
    }

    /** Signs out with the page's sign-out button, when signed in; ends on the sign-in page. */
    void signOut() {
        if (!present("span#who")) {
            return;
        }
        WebElement button = waitFor("form[action$='/ui/sign-out'] button, form[action$='/ui/sign-out'] [type=submit]", WebElement::isDisplayed);
        button.click();
        waitFor("form#sign-in-form", WebElement::isDisplayed);
    }

    /**
     * Waits (20 s at most) for an element matching {@code css} of which {@code condition} holds, and
     * returns it; elements the page replaces meanwhile (a live update) are looked up again.
     */
    WebElement waitFor(String css, Predicate<WebElement> condition) {
        return waitFor(css, condition, WAIT);
    }

    WebElement waitFor(String css, Predicate<WebElement> condition, Duration timeout) {
        return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> "no element '" + css + "' as expected on " + driver.getCurrentUrl())
                .until(d -> d.findElements(By.cssSelector(css)).stream().filter(condition).findFirst().orElse(null));
    }

    /**
     * Waits until {@code condition} holds of the page (read with {@link #all}, {@link #script}, ...);
     * {@code what} says, when it never does, what was expected and what was seen last.
     */
    void waitUntil(Supplier<String> what, Duration timeout, Supplier<Boolean> condition) {
        new WebDriverWait(driver, timeout, Duration.ofMillis(250))
                .ignoring(StaleElementReferenceException.class)
                .withMessage(() -> what.get() + ", on " + driver.getCurrentUrl())
                .until(d -> condition.get());
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    boolean present(String css) {
        return !all(css).isEmpty();
    }

    /** Runs JavaScript in the page (WebDriver's own channel, which the page's CSP does not govern). */
    Object script(String javascript, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(javascript, arguments);
    }

    /** Presses keys on whatever has the focus, as a keyboard does. */
    void press(CharSequence... keys) {
        new Actions(driver).sendKeys(keys).perform();
    }

    /** Presses Tab until the element matching {@code css} has the focus (at most {@code limit} times); returns the presses. */
    int tabTo(String css, int limit) {
        for (int presses = 1; presses <= limit; presses++) {
            press(Keys.TAB);
            if (Boolean.TRUE.equals(script("return document.activeElement !== null && document.activeElement.matches(arguments[0]);", css))) {
                return presses;
            }
        }
        throw new AssertionError(css + " never had the focus after " + limit + " presses of Tab on " + driver.getCurrentUrl());
    }

    void resize(Dimension size) {
        driver.manage().window().setSize(size);
    }

    Cookie cookie(String name) {
        return driver.manage().getCookieNamed(name);
    }

    /** Saves what the browser shows as {@code target/screenshots/<name>.png}; returns the file. */
    Path screenshot(String name) {
        try {
            Path file = SCREENSHOTS.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The page's console messages since the last call (what its script logged, and errors such as a CSP refusal). */
    List<String> console() {
        try {
            return driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::toString).toList();
        } catch (WebDriverException e) {
            return List.of("(the console could not be read: " + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }

    /** Leaves a screenshot, the page's source and its console as {@code target/screenshots/<name>.*}. */
    void dump(String name) {
        StringBuilder report = new StringBuilder();
        try {
            report.append("url: ").append(driver.getCurrentUrl()).append('\n');
            screenshot(name);
            Files.writeString(SCREENSHOTS.resolve(name + ".html"), driver.getPageSource());
        } catch (RuntimeException | IOException e) {
            report.append("(the page could not be saved: ").append(e).append(")\n");
        }
        report.append("--- console\n").append(String.join("\n", console())).append('\n');
        try {
            Files.writeString(SCREENSHOTS.resolve(name + "-console.log"), report);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Empties the screenshots' directory, once per test JVM (the first browser to start does it), so
     * that what is there after a run, a failure's dump among it, is all of this run.
     */
    private static synchronized void clearScreenshotsOfEarlierRuns() {
        try {
            if (!screenshotsCleared) {
                if (Files.isDirectory(SCREENSHOTS)) {
                    try (Stream<Path> files = Files.list(SCREENSHOTS)) {
                        for (Path file : files.filter(Files::isRegularFile).toList()) {
                            Files.delete(file);
                        }
                    }
                }
                screenshotsCleared = true;
            }
            Files.createDirectories(SCREENSHOTS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Files under Selenium Manager's cache, with their sizes: there should be none, ever. */
    static List<String> seleniumCache() {
        if (!Files.exists(SELENIUM_CACHE)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(SELENIUM_CACHE)) {
            return files.map(Path::toString).sorted().collect(Collectors.toList());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        chromium.close();
    }

    /**
     * Dumps the browser's page and console (see {@link #dump}) when a test fails, at the moment it
     * fails, before anything else changes the page: as {@code target/screenshots/failed-<test>.*}.
     */
    static final class DumpOnFailure implements TestExecutionExceptionHandler {
        private final Supplier<Browser> browser;

        DumpOnFailure(Supplier<Browser> browser) {
            this.browser = browser;
        }

        @Override
        public void handleTestExecutionException(ExtensionContext context, Throwable failure) throws Throwable {
            Browser current = browser.get();
            if (current != null) {
                String name = "failed-" + context.getRequiredTestMethod().getName();
                try {
                    current.dump(name);
                    failure.addSuppressed(new AssertionError("the page and its console are in " + SCREENSHOTS.resolve(name) + ".{png,html,-console.log}"));
                } catch (RuntimeException e) {
                    failure.addSuppressed(e);
                }
            }
            throw failure;
        }
    }
}
