package dev.slipway.status.dashboard;

import dev.slipway.testing.Chromium;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.URI;
import java.time.Duration;

/** {@link Chromium} (Debian's, headless, never downloaded) with what status-service's build page check does on it. */
final class RealBrowser implements AutoCloseable {
    private final Chromium chromium;
    private final ChromeDriver driver;

    private RealBrowser(Chromium chromium) {
        this.chromium = chromium;
        this.driver = chromium.driver();
    }

    static RealBrowser start() {
        return new RealBrowser(Chromium.start(null));
    }

    /** Signs in on the dashboard's sign-in page with the token, as a person does. */
    void signIn(URI base, String token) {
        driver.get(base.resolve("/ui/sign-in").toString());
        WebElement field = waitFor("input#token");
        field.sendKeys(token);
        waitFor("button#sign-in").click();
        waitFor("span#who");
    }

    void open(URI url) {
        driver.get(url.toString());
    }

    /** The element once it is displayed. */
    WebElement waitFor(String css) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed).findFirst().orElse(null));
    }

    /** Whether the page runs a script the page did not mean to (a title's markup that was not escaped would). */
    boolean alertShown() {
        try {
            driver.switchTo().alert();
            return true;
        } catch (org.openqa.selenium.NoAlertPresentException none) {
            return false;
        }
    }

    @Override
    public void close() {
        chromium.close();
    }
}
