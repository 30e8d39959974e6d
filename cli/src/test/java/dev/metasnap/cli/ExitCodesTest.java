package dev.metasnap.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.metasnap.core.errors.ExitCode;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The CLI's int constants are exactly core's exit codes: one per code, same name, same number. */
class ExitCodesTest {

    @Test
    void eachConstantIsTheNumberOfTheExitCodeOfItsName() throws IllegalAccessException {
        Map<String, Integer> constants = new TreeMap<>();
        for (Field f : ExitCodes.class.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == int.class) {
                constants.put(f.getName(), f.getInt(null));
            }
        }
        Map<String, Integer> codes = Arrays.stream(ExitCode.values())
                .collect(Collectors.toMap(ExitCode::name, ExitCode::code, (a, b) -> a, TreeMap::new));
        assertEquals(codes, constants);
    }
}
