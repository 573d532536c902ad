import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * For bench/webhook-ingest: prints {@code END_OFFSETS <n>}, the sum of a topic's end offsets over
 * its partitions (0 when the topic does not exist yet), so that the script can count the records
 * that arrived during its run. Run as a single source file with Kafka's client jars:
 * <pre>java -cp 'LIB/*' EndOffsets.java BOOTSTRAP_SERVERS TOPIC</pre>
 */
public final class EndOffsets {
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: java -cp 'KAFKA_LIB/*' EndOffsets.java BOOTSTRAP_SERVERS TOPIC");
            System.exit(2);
        }
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 20_000);
        try (Admin admin = Admin.create(config)) {
            TopicDescription topic;
            try {
                topic = admin.describeTopics(List.of(args[1])).allTopicNames().get(20, TimeUnit.SECONDS).get(args[1]);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    System.out.println("END_OFFSETS 0");
                    return;
                }
                throw e;
            }
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            topic.partitions().forEach(p -> latest.put(new TopicPartition(args[1], p.partition()), OffsetSpec.latest()));
            long sum = 0;
            for (var offset : admin.listOffsets(latest).all().get(20, TimeUnit.SECONDS).values()) {
                sum += offset.offset();
            }
            System.out.println("END_OFFSETS " + sum);
        }
    }
}
