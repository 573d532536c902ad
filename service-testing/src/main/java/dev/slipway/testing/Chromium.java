package dev.slipway.testing;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.chromium.ChromiumDriverLogLevel;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A real browser for the dashboard's tests: Debian's Chromium (headless, 1280x900, a clean profile of its own)
 * driven through Debian's chromedriver, both named by path so that Selenium Manager never runs and nothing is
 * downloaded ({@code bin/stack up} installs the two packages). Starting it costs seconds: one per test class.
 */
public final class Chromium implements AutoCloseable {
    public static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    public static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    public static final int WIDTH = 1280;
    public static final int HEIGHT = 900;
    /** Held, so that the level set on it stays (java.util.logging keeps loggers weakly). */
    private static final Logger CDP_WARNINGS = Logger.getLogger("org.openqa.selenium.devtools");

    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(ChromeDriverService service, ChromeDriver driver) {
        this.service = service;
        this.driver = driver;
    }

    /** @param driverLog where chromedriver writes its warnings; null for its standard error */
    public static Chromium start(Path driverLog) {
        for (Path executable : List.of(CHROMIUM, CHROMEDRIVER)) {
            if (!Files.isExecutable(executable)) {
                throw new IllegalStateException(executable + " is missing: `bin/stack up` installs Debian's chromium and chromium-driver");
            }
        }
        // The tests use WebDriver's own protocol only, so Selenium's DevTools bindings (one jar per
        // Chromium version) are not on the class path: not a thing to warn about on every start.
        CDP_WARNINGS.setLevel(Level.SEVERE);
        ChromeDriverService.Builder builder = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                // Its warnings only: at its default level it logs every command, megabytes a run.
                .withLogLevel(ChromiumDriverLogLevel.WARNING);
        if (driverLog != null) {
            builder.withLogFile(driverLog.toFile());
        }
        ChromeDriverService service = builder.build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // --no-sandbox: the tests run as root (in CI too), where Chromium's sandbox refuses to start.
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=" + WIDTH + "," + HEIGHT);
        // The page's console, for what a failed test leaves behind.
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        try {
            ChromeDriver driver = new ChromeDriver(service, options);
            driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
            return new Chromium(service, driver);
        } catch (RuntimeException e) {
            service.stop();
            throw e;
        }
    }

    public ChromeDriver driver() {
        return driver;
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
        }
    }
}
