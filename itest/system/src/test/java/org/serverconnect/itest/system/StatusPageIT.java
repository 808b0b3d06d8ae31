package org.serverconnect.itest.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The status page in a real browser (headless Chromium from Debian's packages, driven by Selenium through Debian's
 * chromedriver): log in, see the accounts, search an invoice number and read its history, open a failed file's
 * history from the failures, press run now and requeue. A screenshot of the page is saved as
 * {@code itest/system/target/screenshots/status-page.png}.
 */
class StatusPageIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path folder;

    @Test
    void anOperatorLogsInSeesTheAccountsSearchesAnInvoiceAndRunsAnAccount() throws Exception {
        Path emulatorData = folder.resolve("emulator");
        Process emulator = EmulatorProcess.start("--data", emulatorData.toString(), "--port", "0");
        ChromeDriver browser = null;
        try (Installation sc = Installation.in(folder)) {
            URI base = URI.create(EmulatorProcess.awaitUrl(emulator));
            Files.createDirectories(sc.etc());
            sc.acmeSendsToGlobex(base, emulatorData);
            sc.run();
            Path files = Files.createDirectories(folder.resolve("files"));
            Path good = Files.writeString(files.resolve("acme-1001.xml"), sc.sampleInvoice(null));
            Path junk = Files.writeString(files.resolve("junk.xml"), "<not-an-invoice/>");
            assertEquals(0, sc.cli("send", good.toString(), junk.toString(), "--account", "acme").exit());
            sc.awaitHttp("/api/v1/accounts/globex/documents?state=ACKNOWLEDGED", "ACME-1001", WAIT);
            sc.awaitHttp("/api/v1/accounts/acme/errors", "junk.xml", WAIT);

            browser = chromium();
            WebDriverWait wait = new WebDriverWait(browser, WAIT);
            browser.get(sc.httpBase() + "/");
            assertTrue(browser.getCurrentUrl().endsWith("/status"), "the root leads to the status page: " + browser.getCurrentUrl());

            // a wrong password is refused, the right one lets in
            browser.findElement(By.id("user")).sendKeys("admin");
            browser.findElement(By.id("password")).sendKeys("not the password");
            browser.findElement(By.cssSelector("#login button")).click();
            String refused = wait.until(d -> d.findElement(By.id("message"))).getText();
            assertTrue(refused.contains("Wrong user or password"), refused);
            browser.findElement(By.id("user")).sendKeys("admin");
            browser.findElement(By.id("password")).sendKeys(sc.setting("felix.webconsole.password"));
            browser.findElement(By.cssSelector("#login button")).click();

            // the accounts
            WebElement acme = wait.until(d -> d.findElement(By.cssSelector("#accounts tr[data-account='acme']")));
            assertEquals("ONLINE", acme.findElement(By.cssSelector(".status")).getText());
            assertTrue(acme.findElement(By.cssSelector(".today")).getText().contains("sent 1"), acme.getText());
            assertTrue(browser.findElement(By.cssSelector("#accounts tr[data-account='globex'] .today")).getText()
                    .contains("received 1"));

            // search an invoice number: its whole history, from claim to the recipient's acknowledgement
            browser.findElement(By.id("q")).sendKeys("ACME-1001");
            browser.findElement(By.cssSelector("#search button")).click();
            List<String> states = wait.until(d -> d.findElements(By.cssSelector("#history td.state"))).stream()
                    .map(WebElement::getText).toList();
            assertTrue(states.containsAll(List.of("CLAIMED", "SENDING", "SENT", "RECEIVED", "ACKNOWLEDGED")), states.toString());
            saveScreenshot(browser);

            // a failure, opened from the failures table
            WebElement failure = browser.findElement(By.cssSelector("#failures a"));
            assertEquals("junk.xml", failure.getText());
            failure.click();
            List<String> junkStates = wait.until(d -> d.findElements(By.cssSelector("#history td.state"))).stream()
                    .map(WebElement::getText).toList();
            assertEquals(List.of("CLAIMED", "REJECTED"), junkStates);

            // run now
            browser.findElement(By.cssSelector("#accounts tr[data-account='globex'] button[value='receive']")).click();
            // the page reloads with its notice: wait for that notice, not for the one the page had before
            assertTrue(wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(By.id("message"),
                    "A receive run of globex starts as soon as a thread is free.")));

            // requeue: the file leaves the error folder for the outbox (where it is refused again)
            browser.findElement(By.cssSelector("#failures button")).click();
            assertTrue(wait.until(org.openqa.selenium.support.ui.ExpectedConditions.textToBe(By.id("message"),
                    "junk.xml is back in the outbox of acme.")));
            sc.awaitHttp("/api/v1/history?file=junk.xml", "\"state\" : \"REJECTED\"", WAIT);
            long rejections = sc.httpGet("/api/v1/history?file=junk.xml", "admin", sc.setting("felix.webconsole.password"))
                    .body().lines().filter(l -> l.contains("\"REJECTED\"")).count();
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (rejections < 2 && System.nanoTime() < deadline) {
                Thread.sleep(250);
                rejections = sc.httpGet("/api/v1/history?file=junk.xml", "admin", sc.setting("felix.webconsole.password"))
                        .body().lines().filter(l -> l.contains("\"REJECTED\"")).count();
            }
            assertEquals(2, rejections, "the requeued file was picked up and refused again");

            // log out: the page asks for the login again
            browser.findElement(By.cssSelector("header button")).click();
            assertTrue(wait.until(d -> d.findElement(By.id("login"))).isDisplayed());
        } finally {
            if (browser != null) {
                browser.quit();
            }
            emulator.destroy();
        }
    }

    /** Debian's Chromium, headless, through Debian's chromedriver (nothing is downloaded). */
    private static ChromeDriver chromium() {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(executable("chromium"));
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File(executable("chromedriver"))).usingAnyFreePort().build();
        return new ChromeDriver(service, options);
    }

    private static String executable(String name) {
        for (String dir : System.getenv("PATH").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new AssertionError(name + " is not installed: apt-get install chromium chromium-driver (.ci/run does)");
    }

    private static void saveScreenshot(ChromeDriver browser) throws Exception {
        Path dir = Files.createDirectories(Path.of("target", "screenshots"));
        Path shot = browser.getScreenshotAs(OutputType.FILE).toPath();
        Files.copy(shot, dir.resolve("status-page.png"), StandardCopyOption.REPLACE_EXISTING);
    }
}
