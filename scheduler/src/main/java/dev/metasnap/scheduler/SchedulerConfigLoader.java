package dev.metasnap.scheduler;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.metasnap.config.InvalidSettingException;
import dev.metasnap.config.SchedulerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads the daemon's YAML file; unknown keys are errors, since a typo would silently drop a schedule. */
public final class SchedulerConfigLoader {

    private SchedulerConfigLoader() {
    }

    public static SchedulerSettings load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidSettingException("scheduler config " + file + " does not exist; see scripts/metasnap-scheduler.example.yaml");
        }
        YAMLMapper mapper = YAMLMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .build();
        try {
            return mapper.readValue(file.toFile(), SchedulerSettings.class);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new InvalidSettingException("scheduler config " + file + ": " + cause.getMessage());
        } catch (JacksonException e) {
            throw new InvalidSettingException("scheduler config " + file + " line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSettingException("cannot read scheduler config " + file + ": " + e.getMessage());
        }
    }
}
