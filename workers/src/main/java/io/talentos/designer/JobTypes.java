package io.talentos.designer;

import io.camunda.client.annotation.JobWorker;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.util.ClassUtils;
import org.springframework.context.ApplicationContext;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The job types this application has workers for: the {@code type} of every {@code @JobWorker} method of its beans.
 * A model whose service task names any other type would wait forever, so the deploy API refuses it.
 */
@Component
public class JobTypes {

  private final Set<String> types = new TreeSet<>();

  @EventListener
  void onRefresh(ContextRefreshedEvent event) {
    ApplicationContext context = event.getApplicationContext();
    Set<String> found = new TreeSet<>();
    for (String name : context.getBeanDefinitionNames()) {
      Class<?> type = context.getType(name);
      if (type != null && type.getName().startsWith("io.talentos.")) {
        Arrays.stream(ClassUtils.getUserClass(type).getMethods())
            .map(method -> method.getAnnotation(JobWorker.class)).filter(java.util.Objects::nonNull)
            .forEach(worker -> found.add(worker.type()));
      }
    }
    synchronized (types) {
      types.clear();
      types.addAll(found);
    }
  }

  /** Whether a worker of this job type runs in this application. */
  public boolean hasWorker(String jobType) {
    synchronized (types) {
      return types.contains(jobType);
    }
  }
}
