package dev.slipway.infrastructure.kafka;

import dev.slipway.events.kafka.TopicSetup;

import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * The operator's side of {@link PipelineConsumer}, for {@code bin/slipway}, which runs it before
 * the services start:
 * <pre>
 * java -cp JAR dev.slipway.infrastructure.kafka.ConsumerGroupsTool list
 * java -cp JAR dev.slipway.infrastructure.kafka.ConsumerGroupsTool start-new-groups-at-end BOOTSTRAP_SERVERS
 * </pre>
 * The second creates missing topics and starts every group that has never committed at the end
 * of its topics (see {@link ConsumerGroups}), except a group whose service keeps its own position
 * ({@link PipelineConsumer#keepsItsOwnPosition()}). It exits 1 with a message that says what failed.
 */
public final class ConsumerGroupsTool {
    private ConsumerGroupsTool() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "" : args[0];
        try {
            switch (command) {
                case "list" -> list();
                case "start-new-groups-at-end" -> {
                    if (args.length != 2) {
                        usage();
                    }
                    startNewGroupsAtEnd(args[1]);
                }
                default -> usage();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        } catch (Exception e) {
            fail(e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    private static void list() {
        for (PipelineConsumer consumer : PipelineConsumer.values()) {
            System.out.println(consumer.defaultGroup() + " " + String.join(",", consumer.topics()));
        }
    }

    private static void startNewGroupsAtEnd(String bootstrapServers) throws Exception {
        try {
            TopicSetup.ensureTopics(bootstrapServers, 3, (short) 3, Duration.ofSeconds(30));
        } catch (Exception e) {
            fail("cannot create the pipeline topics on " + bootstrapServers + ": " + e);
        }
        for (PipelineConsumer consumer : PipelineConsumer.values()) {
            if (consumer.keepsItsOwnPosition()) {
                System.out.println(consumer.defaultGroup() + ": keeps its position in its own database"
                        + " (a new database reads every topic from the beginning)");
                continue;
            }
            boolean positioned;
            try {
                positioned = ConsumerGroups.startNewGroupAtEnd(bootstrapServers, consumer.defaultGroup(), consumer.topics());
            } catch (Exception e) {
                fail("cannot position consumer group " + consumer.defaultGroup() + " on " + bootstrapServers + ": " + e);
                return;
            }
            System.out.println(consumer.defaultGroup() + (positioned
                    ? ": new consumer group, starts at the end of " + String.join(", ", consumer.topics())
                    : ": resumes from its committed offsets"));
        }
    }

    private static void usage() {
        System.err.println("usage: ConsumerGroupsTool list | start-new-groups-at-end <bootstrap servers>");
        System.err.println("groups: " + Arrays.stream(PipelineConsumer.values()).map(PipelineConsumer::defaultGroup)
                .collect(Collectors.joining(", ")));
        System.exit(2);
    }

    private static void fail(String message) {
        System.err.println("ConsumerGroupsTool: " + message);
        System.exit(1);
    }
}
