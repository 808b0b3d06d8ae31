package org.serverconnect.itest.osgi;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.function.Supplier;

import javax.inject.Inject;

import org.junit.After;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleRevision;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.metatype.AttributeDefinition;
import org.osgi.service.metatype.MetaTypeInformation;
import org.osgi.service.metatype.MetaTypeService;
import org.osgi.service.metatype.ObjectClassDefinition;
import org.serverconnect.api.notify.Notifier;

/**
 * The life of a factory configuration in the shipped runtime: a configuration created through Configuration Admin
 * (or a file in the watched folder) makes a component instance appear, a change reaches it in place, and deleting
 * the configuration removes it. The log notifier is the component under test.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FactoryConfigurationIT extends InShippedRuntime {
    private static final String PID = "org.serverconnect.notify.log";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    private BundleContext context;
    @Inject
    private ConfigurationAdmin cm;
    @Inject
    private MetaTypeService metatype;


    @After
    public void deleteOurConfigurations() throws Exception {
        Configuration[] left = cm.listConfigurations("(service.factoryPid=" + PID + ")");
        if (left != null) {
            for (Configuration c : left) {
                c.delete();
            }
        }
        awaitCondition("no notifier left", () -> notifiers("(objectClass=" + Notifier.class.getName() + ")").isEmpty());
    }

    @Test
    public void everyShippedBundleIsActive() {
        List<String> notActive = new ArrayList<>();
        for (Bundle b : context.getBundles()) {
            BundleRevision rev = b.adapt(BundleRevision.class);
            boolean fragment = rev != null && (rev.getTypes() & BundleRevision.TYPE_FRAGMENT) != 0;
            if (!fragment && b.getState() != Bundle.ACTIVE) {
                notActive.add(b.getSymbolicName() + " state " + b.getState());
            }
        }
        assertTrue("bundles not active: " + notActive, notActive.isEmpty());
        int shipped = ShippedRuntime.jars(ShippedRuntime.dist().resolve("bundle")).size()
                + ShippedRuntime.autoStart(ShippedRuntime.dist(), 1).size()
                + ShippedRuntime.autoStart(ShippedRuntime.dist(), 2).size();
        assertTrue("expected at least the " + shipped + " shipped bundles, found " + context.getBundles().length,
                context.getBundles().length >= shipped + 1);
    }

    @Test
    public void configurationCreatedChangedAndDeletedThroughConfigurationAdmin() throws Exception {
        Configuration config = cm.getFactoryConfiguration(PID, "it1", "?");
        config.update(props("level", "INFO"));

        // Appears, named after the configuration (no 'name' key was given), selectable by (name=it1).
        ServiceReference<Notifier> ref = awaitOne("(name=it1)");
        long serviceId = (Long) ref.getProperty("service.id");
        assertEquals("log", ref.getProperty("notifier.type"));
        Notifier notifier = context.getService(ref);
        assertTrue(notifier.toString(), notifier.toString().contains("level=INFO"));

        // A change reaches the same instance (@Modified): same service, new settings.
        config.update(props("level", "WARN", "documents", "false"));
        awaitCondition("level=WARN applied", () -> notifier.toString().contains("level=WARN, documents=false"));
        ServiceReference<Notifier> after = awaitOne("(name=it1)");
        assertEquals("the instance is modified in place, not re-created", serviceId, after.getProperty("service.id"));
        assertEquals("WARN", after.getProperty("level"));
        context.ungetService(ref);

        // Deleting the configuration removes the instance.
        config.delete();
        awaitCondition("notifier it1 gone", () -> notifiers("(name=it1)").isEmpty());
    }

    @Test
    public void configurationFileInTheWatchedFolderIsAppliedLive() throws Exception {
        Path etc = Path.of(context.getProperty("felix.fileinstall.dir"));
        Path file = etc.resolve(PID + "-filed.cfg");
        Files.writeString(file, "level = DEBUG\n", StandardCharsets.UTF_8);
        ServiceReference<Notifier> ref = awaitOne("(name=filed)");
        assertEquals("DEBUG", ref.getProperty("level"));
        long serviceId = (Long) ref.getProperty("service.id");

        Files.writeString(file, "level = WARN\n", StandardCharsets.UTF_8);
        awaitCondition("file change applied", () -> {
            Collection<ServiceReference<Notifier>> refs = notifiers("(&(name=filed)(level=WARN))");
            return refs.size() == 1 && (Long) refs.iterator().next().getProperty("service.id") == serviceId;
        });

        Files.delete(file);
        awaitCondition("notifier filed gone", () -> notifiers("(name=filed)").isEmpty());
    }

    @Test
    public void twoConfigurationsAreTwoIndependentInstances() throws Exception {
        Configuration a = cm.getFactoryConfiguration(PID, "a", "?");
        a.update(props("level", "INFO"));
        Configuration b = cm.getFactoryConfiguration(PID, "b", "?");
        b.update(props("level", "DEBUG"));
        awaitOne("(name=a)");
        long bId = (Long) awaitOne("(name=b)").getProperty("service.id");

        a.delete();
        awaitCondition("a gone", () -> notifiers("(name=a)").isEmpty());
        assertEquals("b is untouched by a's removal", bId, awaitOne("(name=b)").getProperty("service.id"));
    }

    @Test
    public void theWebConsoleCanShowAFormForTheConfiguration() {
        Bundle owner = Arrays.stream(context.getBundles())
                .filter(bundle -> PID.equals(bundle.getSymbolicName())).findFirst().orElseThrow();
        MetaTypeInformation info = metatype.getMetaTypeInformation(owner);
        assertTrue(Arrays.asList(info.getFactoryPids()).contains(PID));
        ObjectClassDefinition ocd = info.getObjectClassDefinition(PID, null);
        assertNotNull(ocd);
        List<String> ids = new ArrayList<>();
        for (AttributeDefinition ad : ocd.getAttributeDefinitions(ObjectClassDefinition.ALL)) {
            ids.add(ad.getID());
            assertTrue("attribute " + ad.getID() + " has a description", ad.getDescription() != null && !ad.getDescription().isBlank());
        }
        assertTrue(ids.toString(), ids.containsAll(List.of("name", "level", "documents")));
    }

    // ---------------------------------------------------------------------------------------------------------

    private static Dictionary<String, Object> props(String... keyValues) {
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            d.put(keyValues[i], keyValues[i + 1]);
        }
        return d;
    }

    private Collection<ServiceReference<Notifier>> notifiers(String filter) {
        try {
            return context.getServiceReferences(Notifier.class, filter);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ServiceReference<Notifier> awaitOne(String filter) throws InterruptedException {
        awaitCondition("one notifier " + filter, () -> notifiers(filter).size() == 1);
        return notifiers(filter).iterator().next();
    }

    private static void awaitCondition(String what, Supplier<Boolean> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT.toSeconds() + " s: " + what);
            }
            Thread.sleep(50);
        }
    }
}
