package dev.weir.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
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
 * Opens the dashboard of a real running job in headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}, paths set explicitly so Selenium Manager never downloads a driver) and checks
 * that the job graph, the operators' rates and the checkpoint table appear and update, and that its savepoint
 * button takes a savepoint that then shows in the table. Saves a screenshot
 * to {@code target/dashboard.png}. Skipped, saying so, where chromium or chromedriver is absent
 * ({@code apt-get install chromium chromium-driver}).
 */
class DashboardBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @Test
    void theDashboardShowsTheGraphRatesAndCheckpointsOfARunningJobAndUpdatesThem(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "browser test skipped: needs Debian's " + CHROMIUM + " and " + CHROMEDRIVER
                        + " (apt-get install -y chromium chromium-driver)");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
                "--window-size=1400,1200", "--user-data-dir=" + Files.createDirectory(dir.resolve("chromium-profile")));
        try (RunningJob job = RunningJob.start(dir, "dashboard-test")) {
            ChromeDriver browser = new ChromeDriver(service, options);
            try {
                browser.get(job.web.url().toString());
                WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));

                wait.until(b -> b.findElements(By.cssSelector("#graph g.operator")).size() == 3);
                List<String> uids = browser.findElements(By.cssSelector("#graph g.operator")).stream()
                        .map(e -> e.getAttribute("data-uid")).sorted().toList();
                assertEquals(List.of("count", "discard", "generator"), uids);
                assertFalse(browser.findElements(By.cssSelector("#graph g.edge")).isEmpty(), "edges drawn");

                // The rates show once the metrics have a second of samples.
                wait.until(b -> ratesOf(b.findElement(By.cssSelector("#graph g.operator[data-uid=count]")))
                        .matches("in [1-9].*"));
                wait.until(b -> !b.findElements(By.cssSelector("#checkpoints tbody tr.COMPLETED")).isEmpty());
                assertEquals("RUNNING", browser.findElement(By.id("job-status")).getText());
                assertFalse(browser.findElements(By.cssSelector("#checkpoint-chart rect.bar")).isEmpty(),
                        "the checkpoint chart has bars");

                String firstCheckpoint = newestCheckpointId(browser);
                String firstRecordsIn = text(browser, "#operators tbody tr[data-uid=count] td:nth-child(3)");
                wait.until(b -> !newestCheckpointId(b).equals(firstCheckpoint));
                wait.until(b -> !text(b, "#operators tbody tr[data-uid=count] td:nth-child(3)").equals(firstRecordsIn));
                assertNotEquals(firstCheckpoint, newestCheckpointId(browser));
                assertTrue(browser.findElement(By.id("connection")).getText().isEmpty(), "connected");

                browser.findElement(By.id("savepoint-button")).click();
                wait.until(b -> b.findElement(By.id("savepoint-result")).getText().startsWith("savepoint completed: "));
                String location = browser.findElement(By.id("savepoint-result")).getText()
                        .substring("savepoint completed: ".length());
                assertTrue(Files.isDirectory(Path.of(location)) && Path.of(location).startsWith(job.savepoints),
                        location);
                wait.until(b -> text(b, "#checkpoints tbody tr td:nth-child(2)").contains("savepoint"));

                File shot = browser.getScreenshotAs(OutputType.FILE);
                Path target = Path.of("target", "dashboard.png");
                Files.createDirectories(target.getParent());
                Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
                assertTrue(Files.size(target) > 10_000, "screenshot saved to " + target.toAbsolutePath());
            } finally {
                browser.quit();
            }
        }
    }

    private static String ratesOf(WebElement operator) {
        return operator.findElement(By.cssSelector("text.rates")).getText();
    }

    private static String newestCheckpointId(org.openqa.selenium.WebDriver browser) {
        return text(browser, "#checkpoints tbody tr:first-child td:first-child");
    }

    /**
     * The texts of the elements {@code selector} matches, joined by newlines, read in one script: the
     * dashboard replaces its table rows every second, so elements found earlier may be gone.
     */
    private static String text(org.openqa.selenium.WebDriver browser, String selector) {
        return (String) ((org.openqa.selenium.JavascriptExecutor) browser).executeScript(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent).join('\\n');", selector);
    }
}
