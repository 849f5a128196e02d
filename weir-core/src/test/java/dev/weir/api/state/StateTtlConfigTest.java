package dev.weir.api.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.weir.state.OperatorStateBackend;
import dev.weir.state.serialization.Serializers;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StateTtlConfigTest {

    @Test
    void aNewConfigExpiresOnCreateAndWriteNeverReturnsExpiredValuesAndCleansUpInTheBackground() {
        StateTtlConfig config = StateTtlConfig.newBuilder(Duration.ofMinutes(5)).build();
        assertTrue(config.isEnabled());
        assertEquals(StateTtlConfig.UpdateType.OnCreateAndWrite, config.getUpdateType());
        assertEquals(StateTtlConfig.StateVisibility.NeverReturnExpired, config.getStateVisibility());
        assertEquals(StateTtlConfig.TtlTimeCharacteristic.ProcessingTime, config.getTtlTimeCharacteristic());
        assertEquals(Duration.ofMinutes(5), config.getTimeToLive());
        assertFalse(config.getCleanupStrategies().inFullSnapshot());
        assertEquals(5, config.getCleanupStrategies().getIncrementalCleanupStrategy().getCleanupSize());
        assertTrue(config.getCleanupStrategies().inRocksdbCompactFilter());
    }

    @Test
    void withoutBackgroundCleanupOnlyTheStrategiesSetApply() {
        StateTtlConfig config = StateTtlConfig.newBuilder(Duration.ofSeconds(1)).disableCleanupInBackground()
                .cleanupFullSnapshot().build();
        assertTrue(config.getCleanupStrategies().inFullSnapshot());
        assertNull(config.getCleanupStrategies().getIncrementalCleanupStrategy());
        assertFalse(config.getCleanupStrategies().inRocksdbCompactFilter());
    }

    @Test
    void aBuilderFromAConfigCarriesItsSettings() {
        StateTtlConfig config = StateTtlConfig.newBuilder(Duration.ofSeconds(1)).updateTtlOnReadAndWrite()
                .returnExpiredIfNotCleanedUp().cleanupIncrementally(7, true).build();
        assertEquals(config, StateTtlConfig.newBuilder(config).build());
        assertEquals(Duration.ofSeconds(3), StateTtlConfig.newBuilder(config).setTimeToLive(Duration.ofSeconds(3))
                .build().getTimeToLive());
    }

    @Test
    void aDescriptorHasNoTimeToLiveUntilItIsEnabled() {
        ValueStateDescriptor<String> descriptor = new ValueStateDescriptor<>("v", String.class);
        assertFalse(descriptor.getTtlConfig().isEnabled());
        StateTtlConfig config = StateTtlConfig.newBuilder(Duration.ofSeconds(1)).build();
        descriptor.enableTimeToLive(config);
        assertEquals(config, descriptor.getTtlConfig());
    }

    @Test
    void aTimeToLiveThatIsNotPositiveOrACleanupSizeThatIsNotPositiveIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> StateTtlConfig.newBuilder(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> StateTtlConfig.newBuilder(Duration.ofSeconds(-1)));
        assertThrows(IllegalArgumentException.class,
                () -> StateTtlConfig.newBuilder(Duration.ofSeconds(1)).cleanupIncrementally(0, false));
        assertThrows(IllegalArgumentException.class,
                () -> StateTtlConfig.newBuilder(Duration.ofSeconds(1)).cleanupInRocksdbCompactFilter(0));
    }

    @Test
    void operatorStateWithATimeToLiveIsRefusedNamingTheState() {
        ListStateDescriptor<String> descriptor = new ListStateDescriptor<>("buffer", String.class);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(Duration.ofSeconds(1)).build());
        OperatorStateBackend backend = new OperatorStateBackend(Serializers.builtInOnly());
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> backend.getListState(descriptor));
        assertTrue(e.getMessage().contains("operator state 'buffer'") && e.getMessage().contains("enableTimeToLive"),
                e.getMessage());
    }
}
