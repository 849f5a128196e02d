package dev.weir.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MailboxTest {

    @Test
    void actionsRunInPostingOrderIncludingThosePostedByActions() throws Exception {
        Mailbox mailbox = new Mailbox(new TaskWakeup());
        List<String> ran = new ArrayList<>();
        mailbox.post(() -> ran.add("first"));
        mailbox.post(() -> {
            ran.add("second");
            mailbox.post(() -> ran.add("posted by second"));
        });
        assertTrue(mailbox.hasMail());
        mailbox.runAll();
        assertEquals(List.of("first", "second", "posted by second"), ran);
        assertFalse(mailbox.hasMail());
    }

    @Test
    void postingFromAnotherThreadWakesTheTaskThread() throws Exception {
        TaskWakeup wakeup = new TaskWakeup();
        Mailbox mailbox = new Mailbox(wakeup);
        List<String> ran = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread task = new Thread(() -> {
            wakeup.bindToCurrentThread();
            try {
                while (ran.isEmpty()) {
                    wakeup.await(Long.MAX_VALUE, mailbox::hasMail);
                    mailbox.runAll();
                }
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
            done.countDown();
        });
        task.setDaemon(true);
        task.start();
        Thread poster = new Thread(() -> mailbox.post(() -> ran.add(Thread.currentThread().getName())), "poster");
        poster.start();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(List.of(task.getName()), ran, "the action runs on the task thread, not the poster's");
    }
}
