// The Android shell: screens, alarms, notifications and the Keystore. All
// behaviour comes from `:kit` and the Rust core inside libcadence_ffi.so.
import java.util.Properties
import org.jetbrains.kotlin.gradle.dsl.JvmTarget

plugins {
    alias(libs.plugins.android.application)
    alias(libs.plugins.kotlin.android)
    alias(libs.plugins.kotlin.compose)
}

val abis: List<String> = providers.gradleProperty("cadence.abis").getOrElse("arm64-v8a,armeabi-v7a,x86_64")
    .split(',').map(String::trim).filter(String::isNotEmpty)

android {
    namespace = "health.cadence.app"
    compileSdk = 35
    // r28+ links for 16 KB pages by default (Android 15+ devices, required by Google Play).
    ndkVersion = "28.0.13004108"

    defaultConfig {
        applicationId = "health.cadence"
        minSdk = 26
        targetSdk = 35
        versionCode = 1
        versionName = "0.1.0"
        // Only the ABIs libcadence_ffi.so is built for: JNA's AAR has more, and
        // a device of another ABI would install an app that cannot load the core.
        ndk { abiFilters += abis }
    }

    buildTypes {
        release {
            isMinifyEnabled = true
            proguardFiles(getDefaultProguardFile("proguard-android-optimize.txt"), "proguard-rules.pro")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    buildFeatures { compose = true }
}

kotlin {
    compilerOptions { jvmTarget.set(JvmTarget.JVM_17) }
}

dependencies {
    implementation(project(":kit"))
    // The Android flavour of JNA: classes plus libjnidispatch.so for each ABI.
    implementation("net.java.dev.jna:jna:${libs.versions.jna.get()}@aar")
    implementation(libs.androidx.core.ktx)
    implementation(libs.androidx.activity.compose)
    implementation(libs.androidx.lifecycle.viewmodel.ktx)
    implementation(libs.kotlinx.coroutines.android)
    implementation(platform(libs.androidx.compose.bom))
    implementation(libs.androidx.compose.material3)
    implementation(libs.androidx.compose.material.icons)
}

// ---- libcadence_ffi.so for each ABI, cross-compiled with cargo-ndk ----
//
// Same as running, from the repository root:
//   cargo ndk -t arm64-v8a -t armeabi-v7a -t x86_64 -o examples/android/app/src/main/jniLibs \
//     build -p cadence-ffi --release
// src/main/jniLibs/<abi>/libcadence_ffi.so is where Gradle packs native libraries from.

val repoRoot: File = rootDir.resolve("../..").canonicalFile
val jniLibsDir: File = file("src/main/jniLibs")
val sdkDir: String? = rootProject.file("local.properties").takeIf { it.isFile }
    ?.let { f -> Properties().apply { f.inputStream().use { load(it) } }.getProperty("sdk.dir") }
    ?: System.getenv("ANDROID_HOME")

val cargoNdk by tasks.registering(Exec::class) {
    group = "cadence"
    description = "Cross-compiles libcadence_ffi.so (release) for $abis into src/main/jniLibs."
    workingDir(repoRoot)
    // cargo from rustup, also when Android Studio was not started from a shell.
    environment("PATH", "${System.getProperty("user.home")}/.cargo/bin${File.pathSeparator}${System.getenv("PATH")}")
    // 16 KB page alignment also with an older NDK (r28+ already does it).
    environment("RUSTFLAGS", "-C link-arg=-Wl,-z,max-page-size=16384")
    // cargo-ndk (and the cc crate compiling SQLCipher) find the NDK through these.
    sdkDir?.let { sdk ->
        environment("ANDROID_HOME", sdk)
        val ndk = File(sdk, "ndk/${android.ndkVersion}")
        if (ndk.isDirectory) {
            environment("ANDROID_NDK_HOME", ndk.path)
            environment("ANDROID_NDK_ROOT", ndk.path)
        }
    }
    commandLine(
        listOf("cargo", "ndk") + abis.flatMap { listOf("-t", it) } +
            listOf("-o", jniLibsDir.path, "build", "-p", "cadence-ffi", "--release"),
    )
    // No declared inputs/outputs: it runs on every build and cargo's own
    // incremental build makes an unchanged library a quick no-op.
}

if (providers.gradleProperty("cadence.cargoNdk").getOrElse("true").toBoolean()) {
    tasks.named("preBuild") { dependsOn(cargoNdk) }
}
