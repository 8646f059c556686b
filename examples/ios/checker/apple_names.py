"""The allow-lists of Apple and Swift-library names the iOS code may use.

No Apple SDK is available on Linux, so the names the iOS code takes from
Swift, Foundation, SwiftUI, UserNotifications, BackgroundTasks, Security,
UniformTypeIdentifiers and XCTest are listed here: PLATFORM_TYPES for type
(and free function) names, PLATFORM_MEMBERS for implicit members (`.utf8`,
`.alert`). core_calls.py reports any other name that is neither generated
nor declared in examples/ios; add a name here when the iOS code starts using
a new Apple API.
"""

# Apple / Swift types the iOS code may use besides its own and the core's.
PLATFORM_TYPES = set("""
Any AnyObject App AppStorage Array AsyncStream Binding Bool BGAppRefreshTask
BGAppRefreshTaskRequest BGTaskScheduler Button ButtonRole CFDictionary
CFString CFTypeRef Calendar CaseIterable CheckedContinuation Color Comparable
ContentUnavailableView CustomStringConvertible Data Date DateComponents
DateFormatter DatePicker Dictionary DispatchGroup DispatchQueue DispatchSemaphore
Divider Double EditButton EmptyView Environment EnvironmentObject Equatable Error
ForEach Form Foundation Gauge Group HStack Hashable Identifiable Image Int
Int64 Int32 Label LabeledContent LazyVStack List LocalizedError MainActor NSLock
NSObject Never Observable ObservableObject ObservedObject Optional OSStatus
Picker ProcessInfo ProgressView Published Range RandomNumberGenerator Result
Scene ScenePhase ScrollView Section Sendable Set ShareLink Spacer State
StateObject Stepper String Substring Swift SwiftUI Task TaskGroup Text TextField
TimeInterval TimeZone Toggle UInt UInt32 UInt64 UInt8 URL UUID
UNAuthorizationOptions UNCalendarNotificationTrigger UNMutableNotificationContent
UNNotification UNNotificationAction UNNotificationCategory UNNotificationPresentationOptions
UNNotificationRequest UNNotificationResponse UNNotificationSound
UNTimeIntervalNotificationTrigger UNUserNotificationCenter UNUserNotificationCenterDelegate
UIApplication UIApplicationDelegate UIApplicationDelegateAdaptor UserNotifications
BackgroundTasks Security VStack View ViewBuilder WindowGroup XCTAssertEqual
XCTest XCTestCase XCTFail Void Character ISO8601DateFormatter Locale FileManager
NSError CocoaError POSIXError AttributedString ToolbarItem NavigationStack NavigationLink
Self Sequence Collection IteratorProtocol Hasher Codable ContiguousArray
Element ObjCBool StaticString TabView NotificationCenter Link UNAuthorizationStatus
UNNotificationTrigger UNNotificationDefaultActionIdentifier UNNotificationDismissActionIdentifier
SecRandomCopyBytes SecItemAdd SecItemCopyMatching
InputStream UnsafeMutablePointer UniformTypeIdentifiers UTType Decodable JSONDecoder
SecItemDelete SecureField FileDocument ReadConfiguration WriteConfiguration FileWrapper
URLResourceValues
""".split())

# Apple / Swift members the iOS code writes as implicit members (`.utf8`).
PLATFORM_MEMBERS = set("""
init none some gregorian utf8 atomic skipsHiddenFiles alert sound badge banner list
list foreground destructive authenticationRequired default main global userInitiated
background active inactive success failure bordered borderedProminent borderless
headline subheadline caption caption2 title title2 title3 body callout footnote largeTitle
secondary primary red orange green blue gray yellow accentColor white black
leading trailing center top bottom horizontal vertical all automatic
inline insetGrouped grouped plain sidebar wheel compact graphical numeric
hourAndMinute date abbreviated omitted shortened complete standard
cancel confirm fill fit none monospacedDigit bold semibold medium regular
year month day hour minute second nanosecond weekday timeZone calendar
whenUnlocked afterFirstUnlock afterFirstUnlockThisDeviceOnly
infinity zero now distantPast distantFuture min max first last
whitespacesAndNewlines completeFileProtection down up regularExpression appRefresh
applicationSupportDirectory cachesDirectory userDomainMask NSSystemTimeZoneDidChange notOnQueue
timeSensitive authorized provisional ephemeral notDetermined primaryAction size
segmented decimalPad cancellationAction confirmationAction
system monospaced enabled characters
fileReadUnknown fileReadNoSuchFile percent number precision fractionLength
fileSizeKey documentDirectory
""".split())
