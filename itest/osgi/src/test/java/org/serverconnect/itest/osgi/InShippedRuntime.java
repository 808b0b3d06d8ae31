package org.serverconnect.itest.osgi;

import java.io.IOException;
import java.nio.file.Files;

import org.ops4j.pax.exam.Option;

/** Base of the in-framework tests: each test class boots the shipped runtime with its own watched folder. */
public abstract class InShippedRuntime {

    @org.ops4j.pax.exam.Configuration
    public Option[] config() throws IOException {
        return ShippedRuntime.options(Files.createTempDirectory("sc-itest-etc"));
    }
}
