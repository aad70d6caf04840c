package no.helsegateway.server.startup;

import java.lang.management.ManagementFactory;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.InstantiationAwareBeanPostProcessor;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/**
 * A start-up timeline in the log, so start-time work can be aimed: the beans whose creation took
 * longest on the main thread (own time, without the beans they pulled in) and the JVM uptime at
 * ready. One INFO line at {@link ApplicationReadyEvent}; bean names only, no data.
 */
public final class StartupTimeline
    implements InstantiationAwareBeanPostProcessor, ApplicationListener<ApplicationReadyEvent> {

  private static final Logger log = LoggerFactory.getLogger(StartupTimeline.class);
  private static final int SHOWN = 12;

  private final Deque<Frame> stack = new ArrayDeque<>();
  private final Map<String, Long> ownNanos = new ConcurrentHashMap<>();
  private final Thread owner = Thread.currentThread();

  @Override
  public Object postProcessBeforeInstantiation(Class<?> beanClass, String beanName) {
    if (Thread.currentThread() == owner) {
      stack.push(new Frame(beanName, System.nanoTime()));
    }
    return null;
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String beanName) {
    // Only the frame this bean pushed (FactoryBean products and registered singletons pass here
    // without an instantiation of their own).
    if (Thread.currentThread() == owner && !stack.isEmpty() && stack.peek().name.equals(beanName)) {
      Frame frame = stack.pop();
      long total = System.nanoTime() - frame.start;
      ownNanos.merge(beanName, total - frame.nested, Long::sum);
      if (!stack.isEmpty()) {
        stack.peek().nested += total;
      }
    }
    return bean;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    String slowest =
        ownNanos.entrySet().stream()
            .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
            .limit(SHOWN)
            .map(e -> e.getKey() + "=" + e.getValue() / 1_000_000 + "ms")
            .collect(Collectors.joining(", "));
    log.info(
        "Start-up timeline: ready at JVM uptime {} ms; slowest beans (own time): {}",
        ManagementFactory.getRuntimeMXBean().getUptime(),
        slowest);
    ownNanos.clear();
  }

  private static final class Frame {
    final String name;
    final long start;
    long nested;

    Frame(String name, long start) {
      this.name = name;
      this.start = start;
    }
  }
}
