package org.serverconnect.engine.internal;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.serverconnect.api.config.SettingsCheck;
import org.serverconnect.api.schedule.Scheduler;
import org.serverconnect.api.schedule.TimetableParser;

/**
 * An account's settings checked before they are written, by the code the account itself runs when it starts
 * ({@link AccountSettings#checked}): numbers, choices, the time zone, timetables and the window (with the scheduler's
 * grammar), the connection and company it needs. The configuration command line finds it with
 * {@link ServiceLoader} (a plain class path, the timetable grammar from the schedule bundle's jar); the installation
 * file inside the runtime as a service.
 */
@Component(service = SettingsCheck.class)
public final class AccountCheck implements SettingsCheck {
    private final TimetableParser timetables;

    /** For {@link ServiceLoader}: the timetable grammar is found the same way. */
    public AccountCheck() {
        this(ServiceLoader.load(TimetableParser.class, AccountCheck.class.getClassLoader()).findFirst().orElse(null));
    }

    @Activate
    public AccountCheck(@Reference Scheduler scheduler) {
        this((TimetableParser) scheduler);
    }

    AccountCheck(TimetableParser timetables) {
        this.timetables = timetables;
    }

    @Override
    public String factoryPid() {
        return AccountComponent.PID;
    }

    @Override
    public List<Problem> check(String name, Map<String, String> properties) {
        if (timetables == null) {
            return List.of(new Problem(null, "cannot check the timetables: the schedule bundle's jar "
                    + "(org.serverconnect.schedule) is not on the class path"));
        }
        Map<String, Object> p = new HashMap<>(properties);
        if (p.get("name") == null || p.get("name").toString().isBlank()) {
            p.put("name", name);
        }
        try {
            AccountSettings.checked(config(p), p, Path.of("").toAbsolutePath(), timetables);
            return List.of();
        } catch (IllegalArgumentException e) {
            return List.of(new Problem(keyOf(e.getMessage()), e.getMessage()));
        }
    }

    /** @return the setting a message starts with ({@code send.schedule: ...}, {@code pickup 'x' ...}), or null */
    private static String keyOf(String message) {
        String first = message.split("[\\s:,]", 2)[0];
        for (Method m : AccountComponent.Config.class.getDeclaredMethods()) {
            if (key(m.getName()).equals(first)) {
                return first;
            }
        }
        return null;
    }

    /**
     * The settings as the component's configuration type, converted as Declarative Services converts them: each
     * method reads its key ({@code send_schedule} reads {@code send.schedule}), else its default.
     */
    static AccountComponent.Config config(Map<String, Object> properties) {
        return (AccountComponent.Config) Proxy.newProxyInstance(AccountComponent.Config.class.getClassLoader(),
                new Class<?>[] { AccountComponent.Config.class }, (proxy, method, args) -> {
                    switch (method.getName()) {
                    case "annotationType":
                        return AccountComponent.Config.class;
                    case "toString":
                        return "AccountComponent.Config" + properties;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == args[0];
                    default:
                        String key = key(method.getName());
                        return convert(key, properties.get(key), method.getReturnType(), method.getDefaultValue());
                    }
                });
    }

    private static Object convert(String key, Object raw, Class<?> type, Object defaultValue) {
        if (raw == null) {
            return defaultValue;
        }
        if (type.isInstance(raw)) {
            return raw;
        }
        String text = raw instanceof String[] a ? (a.length == 0 ? "" : a[0]) : raw.toString();
        if (type == String.class) {
            return text;
        }
        if (type == String[].class) {
            return raw instanceof String[] ? raw : new String[] { text };
        }
        if (type == boolean.class) {
            return Boolean.parseBoolean(text.trim());
        }
        if (type == int.class) {
            try {
                return Integer.parseInt(text.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " '" + text + "' is not a whole number");
            }
        }
        return defaultValue;
    }

    /**
     * @return the property a component property type's method reads (Declarative Services 1.4, 112.8.2.2):
     *         {@code $$} is {@code $}, {@code $_$} is {@code -}, another {@code $} is dropped, {@code __} is
     *         {@code _}, {@code _} is {@code .}
     */
    static String key(String method) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < method.length(); i++) {
            char c = method.charAt(i);
            if (c == '$') {
                if (method.startsWith("$$", i)) {
                    b.append('$');
                    i++;
                } else if (method.startsWith("$_$", i)) {
                    b.append('-');
                    i += 2;
                }
            } else if (c == '_') {
                if (method.startsWith("__", i)) {
                    b.append('_');
                    i++;
                } else {
                    b.append('.');
                }
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
