package io.github.zerotrust.keycloak.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Debian Chromium driven by Selenium, with explicit binary and driver paths (Selenium
 * Manager is never consulted). Requests can be made to come "from" an address: the browser sends
 * X-Forwarded-For, as the reverse proxy in front of Keycloak would.
 */
public final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Map<String, String> headers = new java.util.LinkedHashMap<>();

    private Browser(ChromeDriver driver) {
        this.driver = driver;
    }

    public static Browser start() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(TestSettings.chromium().toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--disable-quic", "--window-size=1280,900", "--lang=en-GB");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(TestSettings.chromedriver().toFile())
                .usingAnyFreePort()
                .build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        driver.executeCdpCommand("Network.enable", Map.of());
        return new Browser(driver);
    }

    /** A security key plugged into this browser (Chrome's virtual authenticator): user present and verified. */
    public Browser withSecurityKey() {
        driver.addVirtualAuthenticator(new org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions()
                .setProtocol(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Protocol.CTAP2)
                .setTransport(org.openqa.selenium.virtualauthenticator.VirtualAuthenticatorOptions.Transport.USB)
                .setHasResidentKey(true)
                .setHasUserVerification(true)
                .setIsUserVerified(true)
                .setIsUserConsenting(true));
        return this;
    }

    /** Answers a JavaScript prompt if one appears within a few seconds (Keycloak asks for a key's label). */
    public void answerPromptIfAny(String answer) {
        try {
            org.openqa.selenium.Alert alert = new WebDriverWait(driver, Duration.ofSeconds(5))
                    .until(org.openqa.selenium.support.ui.ExpectedConditions.alertIsPresent());
            alert.sendKeys(answer);
            alert.accept();
        } catch (org.openqa.selenium.TimeoutException e) {
            // no prompt
        }
    }

    /** Every following request carries {@code X-Forwarded-For: address}. */
    public Browser from(String address) {
        return header("X-Forwarded-For", address);
    }

    /** Every following request carries this header, as a device agent or proxy would add it; {@code null} removes it. */
    public Browser header(String name, String value) {
        if (value == null) {
            headers.remove(name);
        } else {
            headers.put(name, value);
        }
        driver.executeCdpCommand("Network.setExtraHTTPHeaders", Map.of("headers", Map.copyOf(headers)));
        return this;
    }

    public void open(String url) {
        driver.get(url);
    }

    public String currentUrl() {
        return driver.getCurrentUrl();
    }

    public String title() {
        return driver.getTitle();
    }

    /** Runs JavaScript in the page, as an attacker with a foothold in it (or a test) would. */
    public Object script(String javascript, Object... arguments) {
        return driver.executeScript(javascript, arguments);
    }

    public WebElement element(By by) {
        return new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElement(by));
    }

    public boolean has(By by) {
        return !driver.findElements(by).isEmpty();
    }

    /**
     * Waits up to 20 s for the condition. A page that re-renders while the condition reads it (an element replaced
     * between finding and reading it) is read again, not failed: the wait still fails if the condition never holds.
     */
    public void waitUntil(java.util.function.Predicate<Browser> condition) {
        new WebDriverWait(driver, Duration.ofSeconds(20))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.test(this));
    }

    /** Sets a cookie for the page's site (open a page of that site first). */
    public void addCookie(String name, String value, String path) {
        driver.manage().addCookie(new org.openqa.selenium.Cookie.Builder(name, value).path(path).isHttpOnly(true).build());
    }

    public String cookie(String name) {
        org.openqa.selenium.Cookie c = driver.manage().getCookieNamed(name);
        return c == null ? null : c.getValue();
    }

    public void deleteCookies() {
        driver.manage().deleteAllCookies();
    }

    public String pageSource() {
        return driver.getPageSource();
    }

    /** Saves a screenshot under target/screenshots, for the record and for failures. */
    public Path screenshot(String name) {
        try {
            Path dir = TestSettings.screenshots();
            Files.createDirectories(dir);
            Path file = dir.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
