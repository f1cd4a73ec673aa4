<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="tr">
<context>
    <name>BackOffice</name>
    <message>
        <source>Guests</source>
        <translation>Misafirler</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>Gösterge paneli</translation>
    </message>
    <message>
        <source>Movements</source>
        <translation>Hareketler</translation>
    </message>
    <message>
        <source>Customers</source>
        <translation>Müşteriler</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Misafir</translation>
    </message>
    <message>
        <source>Custom segments</source>
        <translation>Özel segmentler</translation>
    </message>
    <message>
        <source>Marketing</source>
        <translation>Pazarlama</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Senaryolar</translation>
    </message>
    <message>
        <source>Promotion planner</source>
        <translation>Kampanya planlayıcı</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Raporlar</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Veri</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>İçe aktarma</translation>
    </message>
    <message>
        <source>Backup</source>
        <translation>Yedekleme</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Kişisel veriler</translation>
    </message>
    <message>
        <source>Segment rules</source>
        <translation>Segment kuralları</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Ayarlar</translation>
    </message>
    <message>
        <source>Reward rules</source>
        <translation>Ödül kuralları</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>İşletme</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Kullanıcılar</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Yazıcılar</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
</context>
<context>
    <name>BackOfficePage</name>
    <message>
        <source>Back office</source>
        <translation>Yönetim</translation>
    </message>
    <message>
        <source>Enter the owner PIN to continue.</source>
        <translation>Devam etmek için işletme sahibinin PIN kodunu girin.</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Kilidi aç</translation>
    </message>
    <message>
        <source>Lock the back office (also after 10 idle minutes)</source>
        <translation>Yönetimi kilitle (10 dakika işlem yapılmazsa kendiliğinden kilitlenir)</translation>
    </message>
    <message>
        <source>Lock</source>
        <translation>Kilitle</translation>
    </message>
</context>
<context>
    <name>BackupPage</name>
    <message>
        <source>Backup</source>
        <translation>Yedekleme</translation>
    </message>
    <message>
        <source>Back to the overview</source>
        <translation>Genel bakışa dön</translation>
    </message>
    <message>
        <source>Keep it on this computer for the automatic daily backups</source>
        <translation>Otomatik günlük yedekler için bu bilgisayarda sakla</translation>
    </message>
    <message>
        <source>Backup passphrase</source>
        <translation>Yedek parolası</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Parola (tekrar)</translation>
    </message>
    <message>
        <source>Backups are encrypted with this passphrase. Write it down and keep it safe: without it a backup cannot be restored.</source>
        <translation>Yedekler bu parolayla şifrelenir. Parolayı yazıp güvenli bir yerde saklayın: parola olmadan yedek geri yüklenemez.</translation>
    </message>
    <message>
        <source>Back up to a folder…</source>
        <translation>Bir klasöre yedekle…</translation>
    </message>
    <message>
        <source>Made</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Boyut</translation>
    </message>
    <message>
        <source>File</source>
        <translation>Dosya</translation>
    </message>
    <message>
        <source>No backup made from this computer yet.

Enter a passphrase above and choose where to save it (a folder, or a USB stick once plugged in). Each backup is listed here with its date, size and file, the automatic daily ones too.</source>
        <translation>Bu bilgisayardan henüz yedek alınmadı.

Yukarıya bir parola girin ve yedeğin nereye kaydedileceğini seçin (bir klasör ya da takıldığında bir USB bellek). Otomatik günlük yedekler dahil her yedek, tarihi, boyutu ve dosyasıyla burada listelenir.</translation>
    </message>
    <message>
        <source>Backups made from this computer</source>
        <translation>Bu bilgisayardan alınan yedekler</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>otomatik</translation>
    </message>
    <message>
        <source>folder or stick</source>
        <translation>klasör veya USB bellek</translation>
    </message>
    <message>
        <source>No backup to a stick or folder has been made yet.</source>
        <translation>Henüz bir USB belleğe veya klasöre yedek alınmadı.</translation>
    </message>
    <message numerus="yes">
        <source>Last backup %n day(s) ago.</source>
        <translation>
            <numerusform>Son yedek %n gün önce alındı.</numerusform>
        </translation>
    </message>
    <message>
        <source>Automatic daily backups are off: enter a passphrase and tick the box to keep it on this computer.</source>
        <translation>Otomatik günlük yedekler kapalı: bir parola girin ve bu bilgisayarda saklanması için kutuyu işaretleyin.</translation>
    </message>
    <message>
        <source>Automatic daily backups are on (kept in %1).</source>
        <translation>Otomatik günlük yedekler açık (%1 içinde tutulur).</translation>
    </message>
    <message>
        <source>Choose where to save the backup</source>
        <translation>Yedeğin kaydedileceği yeri seçin</translation>
    </message>
    <message>
        <source>Unlock the back office with the owner PIN first.</source>
        <translation>Önce arka ofisi işletme sahibi PIN&apos;iyle açın.</translation>
    </message>
    <message numerus="yes">
        <source>The passphrase needs at least %n character(s).</source>
        <translation>
            <numerusform>Parola en az %n karakter olmalı.</numerusform>
        </translation>
    </message>
    <message>
        <source>The two passphrases differ.</source>
        <translation>İki parola birbirinden farklı.</translation>
    </message>
    <message>
        <source>A backup is already being made.</source>
        <translation>Şu anda zaten bir yedek alınıyor.</translation>
    </message>
    <message>
        <source>Making the backup…</source>
        <translation>Yedek alınıyor…</translation>
    </message>
    <message>
        <source>Copying the venue&apos;s data…</source>
        <translation>İşletmenin verileri kopyalanıyor…</translation>
    </message>
    <message>
        <source>Checking the copy…</source>
        <translation>Kopya denetleniyor…</translation>
    </message>
    <message>
        <source>Encrypting and writing the backup…</source>
        <translation>Yedek şifrelenip yazılıyor…</translation>
    </message>
    <message>
        <source>Backup written: %1 (%2).</source>
        <translation>Yedek yazıldı: %1 (%2).</translation>
    </message>
    <message>
        <source>The backup was not written: the stick or folder is full. The venue&apos;s data is intact.</source>
        <translation>Yedek yazılamadı: USB bellek veya klasör dolu. İşletmenin verileri sağlam.</translation>
    </message>
    <message>
        <source>The backup was not written: the stick or folder cannot be written to. The venue&apos;s data is intact.</source>
        <translation>Yedek yazılamadı: USB belleğe veya klasöre yazılamıyor. İşletmenin verileri sağlam.</translation>
    </message>
    <message>
        <source>The backup was not written: the stick or folder failed. The venue&apos;s data is intact.</source>
        <translation>Yedek yazılamadı: USB bellek veya klasör hata verdi. İşletmenin verileri sağlam.</translation>
    </message>
    <message>
        <source>Back up to the USB stick %1</source>
        <translation>%1 USB belleğine yedekle</translation>
    </message>
    <message>
        <source>USB stick found: %1. Back up onto it?</source>
        <translation>USB bellek bulundu: %1. Yedek alınsın mı?</translation>
    </message>
    <message>
        <source>The automatic backup failed: %1</source>
        <translation>Otomatik yedek alınamadı: %1</translation>
    </message>
</context>
<context>
    <name>BackupSection</name>
    <message>
        <source>Data folder: %1</source>
        <translation>Veri klasörü: %1</translation>
    </message>
</context>
<context>
    <name>CardDialog</name>
    <message>
        <source>Replace a lost card</source>
        <translation>Kaybolan kartı değiştir</translation>
    </message>
    <message>
        <source>Scan or type the new card</source>
        <translation>Yeni kartı okutun veya yazın</translation>
    </message>
    <message>
        <source>The old card is blocked: scanned at the counter it is refused. Points, visits and vouchers stay with the guest.</source>
        <translation>Eski kart engellenir: kasada okutulursa reddedilir. Puanlar, ziyaretler ve kuponlar misafirde kalır.</translation>
    </message>
    <message>
        <source>Give the new card</source>
        <translation>Yeni kartı ver</translation>
    </message>
</context>
<context>
    <name>ChartCard</name>
    <message>
        <source>Save PNG</source>
        <translation>PNG kaydet</translation>
    </message>
    <message>
        <source>Save this chart as a PNG picture</source>
        <translation>Bu grafiği PNG resmi olarak kaydet</translation>
    </message>
    <message>
        <source>Save chart</source>
        <translation>Grafiği kaydet</translation>
    </message>
    <message>
        <source>PNG picture (*.png)</source>
        <translation>PNG resmi (*.png)</translation>
    </message>
</context>
<context>
    <name>CounterPage</name>
    <message>
        <source>Scan a loyalty card or type its number</source>
        <translation>Sadakat kartını okutun veya numarasını yazın</translation>
    </message>
    <message>
        <source>Card or voucher number (13 digits)</source>
        <translation>Kart veya kupon numarası (13 hane)</translation>
    </message>
    <message>
        <source>Waiting for a card…
The guest appears here the moment a card is scanned.</source>
        <translation>Kart bekleniyor…
Kart okutulduğu anda misafir burada görünür.</translation>
    </message>
    <message>
        <source>Print vouchers (F9)</source>
        <translation>Kuponları yazdır (F9)</translation>
    </message>
    <message>
        <source>Switch user</source>
        <translation>Kullanıcı değiştir</translation>
    </message>
    <message>
        <source>Till</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <source>Sign in with your PIN to work at the till.</source>
        <translation>Kasada çalışmak için PIN’inizle giriş yapın.</translation>
    </message>
    <message>
        <source>Sign in</source>
        <translation>Giriş yap</translation>
    </message>
    <message>
        <source>Scan a regular</source>
        <translation>Müdavim okut</translation>
    </message>
    <message>
        <source>Scan a new card</source>
        <translation>Yeni kart okut</translation>
    </message>
    <message>
        <source>Scan a voucher</source>
        <translation>Kupon okut</translation>
    </message>
    <message>
        <source>Garbled scan</source>
        <translation>Bozuk okuma</translation>
    </message>
    <message>
        <source>Simulated scanner:</source>
        <translation>Sanal okuyucu:</translation>
    </message>
    <message>
        <source>Signed in: %1</source>
        <translation>Giriş yapan: %1</translation>
    </message>
    <message>
        <source>Sign in first, then scan the card again.</source>
        <translation>Önce giriş yapın, sonra kartı yeniden okutun.</translation>
    </message>
    <message>
        <source>This card is blocked: check the guest before recording.</source>
        <translation>Bu kart engelli: kaydetmeden önce misafiri kontrol edin.</translation>
    </message>
    <message>
        <source>This card was reported lost: check the guest before recording.</source>
        <translation>Bu kart kayıp bildirildi: kaydetmeden önce misafiri kontrol edin.</translation>
    </message>
    <message>
        <source>No voucher printer is set up on this till (settings: printer).</source>
        <translation>Bu kasada kupon yazıcısı ayarlı değil (ayarlar: yazıcı).</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Yazdırılıyor…</translation>
    </message>
    <message numerus="yes">
        <source>%n voucher(s) printed: hand them over.</source>
        <translation>
            <numerusform>%n kupon yazdırıldı: misafire verin.</numerusform>
        </translation>
    </message>
    <message>
        <source>Voucher is valid: now scan the guest&apos;s card.</source>
        <translation>Kupon geçerli: şimdi misafirin kartını okutun.</translation>
    </message>
    <message>
        <source>Voucher applied: %1</source>
        <translation>Kupon uygulandı: %1</translation>
    </message>
    <message numerus="yes">
        <source>Welcome bonus %1, usable from the next visit within %n day(s).</source>
        <translation>
            <numerusform>Hoş geldin bonusu %1; sonraki ziyaretten itibaren %n gün içinde kullanılabilir.</numerusform>
        </translation>
    </message>
    <message>
        <source>Card %1 was not enrolled.</source>
        <translation>%1 numaralı kart kaydedilmedi.</translation>
    </message>
    <message>
        <source>Welcome, %1! Now record today&apos;s visit.</source>
        <translation>Hoş geldiniz, %1! Şimdi bugünkü ziyareti kaydedin.</translation>
    </message>
    <message>
        <source>Visit saved: %1</source>
        <translation>Ziyaret kaydedildi: %1</translation>
    </message>
    <message>
        <source>paid %1</source>
        <translation>ödenen %1</translation>
    </message>
    <message>
        <source>+%1 points</source>
        <translation>+%1 puan</translation>
    </message>
    <message>
        <source>The visit was voided; its points were taken back.</source>
        <translation>Ziyaret iptal edildi; puanları geri alındı.</translation>
    </message>
    <message>
        <source>Your role does not allow this; ask the owner.</source>
        <translation>Yetkiniz bu işlem için yeterli değil; işletme sahibine danışın.</translation>
    </message>
    <message>
        <source>Could not complete this: %1</source>
        <translation>Bu işlem tamamlanamadı: %1</translation>
    </message>
    <message>
        <source>Find</source>
        <translation>Bul</translation>
    </message>
</context>
<context>
    <name>CustomSizes</name>
    <message>
        <source>Custom segments</source>
        <translation>Özel segmentler</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n guest(s)</source>
        <translation>
            <numerusform>%1: %n misafir</numerusform>
        </translation>
    </message>
    <message>
        <source>Show these guests in the customer browser</source>
        <translation>Bu misafirleri müşteri listesinde göster</translation>
    </message>
    <message numerus="yes">
        <source>%n more in Custom segments</source>
        <translation>
            <numerusform>Özel segmentlerde %n tane daha</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>CustomerSection</name>
    <message>
        <source>← Customers</source>
        <translation>← Müşteriler</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>Düzenle…</translation>
    </message>
    <message>
        <source>Give a voucher…</source>
        <translation>Kupon ver…</translation>
    </message>
    <message>
        <source>Replace card…</source>
        <translation>Kartı değiştir…</translation>
    </message>
    <message>
        <source>Merge…</source>
        <translation>Birleştir…</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>Puan</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaretler</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Harcama</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Son ziyaret</translation>
    </message>
    <message>
        <source>P(alive)</source>
        <translation>P(aktif)</translation>
    </message>
    <message>
        <source>12-month CLV</source>
        <translation>12 aylık CLV</translation>
    </message>
    <message>
        <source>Profile and consents</source>
        <translation>Profil ve izinler</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>Tarih</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Sepet</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Entry</source>
        <translation>Kayıt</translation>
    </message>
    <message>
        <source>Expires</source>
        <translation>Son geçerlilik</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Issued</source>
        <translation>Verildi</translation>
    </message>
    <message>
        <source>Last day</source>
        <translation>Son gün</translation>
    </message>
    <message>
        <source>Vouchers</source>
        <translation>Kuponlar</translation>
    </message>
    <message>
        <source>Segments</source>
        <translation>Segmentler</translation>
    </message>
    <message>
        <source>Segment history</source>
        <translation>Segment geçmişi</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Doğum tarihi</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Cinsiyet</translation>
    </message>
    <message>
        <source>District, city</source>
        <translation>İlçe, şehir</translation>
    </message>
    <message>
        <source>Guest since</source>
        <translation>Kayıt tarihi</translation>
    </message>
    <message>
        <source>Registered through</source>
        <translation>Kayıt kanalı</translation>
    </message>
    <message>
        <source>Cards</source>
        <translation>Kartlar</translation>
    </message>
    <message>
        <source>Consents</source>
        <translation>İzinler</translation>
    </message>
    <message>
        <source>Save consents</source>
        <translation>İzinleri kaydet</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Answer</source>
        <translation>Yanıt</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>Nerede</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Grup</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Why</source>
        <translation>Neden</translation>
    </message>
    <message>
        <source>Next step up</source>
        <translation>Bir üst basamak</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Değişim</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Misafir</translation>
    </message>
    <message>
        <source>No guest to show yet. Guests appear once they are enrolled at the counter or imported from the till system; open one from Customers.</source>
        <translation>Henüz gösterilecek misafir yok. Misafirler kasada kaydedildiğinde veya kasa sisteminden içe aktarıldığında görünür; birini Müşteriler sayfasından açın.</translation>
    </message>
    <message>
        <source>This guest no longer exists</source>
        <translation>Bu misafir artık yok</translation>
    </message>
    <message>
        <source>This guest was merged into another record or erased.</source>
        <translation>Bu misafir başka bir kayıtla birleştirildi veya silindi.</translation>
    </message>
    <message>
        <source>Consents saved.</source>
        <translation>İzinler kaydedildi.</translation>
    </message>
    <message>
        <source>Profile saved.</source>
        <translation>Profil kaydedildi.</translation>
    </message>
    <message>
        <source>The guest has no card to give a voucher to.</source>
        <translation>Misafirin kupon verilecek bir kartı yok.</translation>
    </message>
    <message>
        <source>Voucher issued: it waits to be printed.</source>
        <translation>Kupon oluşturuldu: yazdırılmayı bekliyor.</translation>
    </message>
    <message>
        <source>New card given; the old card is blocked.</source>
        <translation>Yeni kart verildi; eski kart engellendi.</translation>
    </message>
    <message>
        <source>Records merged.</source>
        <translation>Kayıtlar birleştirildi.</translation>
    </message>
</context>
<context>
    <name>CustomerTableModel</name>
    <message>
        <source>From the lifetime-value model (boostdesk clv): the chance the guest still comes, and what they are expected to spend in the next 12 months</source>
        <translation>Müşteri yaşam boyu değeri modelinden (boostdesk clv): misafirin gelmeye devam etme olasılığı ve önümüzdeki 12 ayda beklenen harcaması</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Lifecycle</source>
        <translation>Yaşam döngüsü</translation>
    </message>
    <message>
        <source>RFM</source>
        <translation>RFM</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaret</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Son ziyaret</translation>
    </message>
    <message>
        <source>Spend</source>
        <translation>Harcama</translation>
    </message>
    <message>
        <source>P(alive)</source>
        <translation>P(aktif)</translation>
    </message>
    <message>
        <source>CLV</source>
        <translation>CLV</translation>
    </message>
    <message>
        <source>%1%</source>
        <translation>%%1</translation>
    </message>
</context>
<context>
    <name>CustomersSection</name>
    <message>
        <source>Customers</source>
        <translation>Müşteriler</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Dışa aktar…</translation>
    </message>
    <message>
        <source>Save this list as a CSV or Excel file</source>
        <translation>Bu listeyi CSV veya Excel dosyası olarak kaydet</translation>
    </message>
    <message>
        <source>Search by name, phone or card number</source>
        <translation>Ad, telefon veya kart numarasıyla ara</translation>
    </message>
    <message>
        <source>Any consent</source>
        <translation>Tüm izinler</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>Telefon araması</translation>
    </message>
    <message>
        <source>Consents to %1</source>
        <translation>%1 izni olanlar</translation>
    </message>
    <message>
        <source>Show all guests</source>
        <translation>Tüm misafirleri göster</translation>
    </message>
    <message numerus="yes">
        <source>%n guest(s)</source>
        <translation>
            <numerusform>%n misafir</numerusform>
        </translation>
    </message>
    <message>
        <source>The list could not be read. Try again.</source>
        <translation>Liste okunamadı. Yeniden deneyin.</translation>
    </message>
    <message>
        <source>No guest matches this search and these filters.</source>
        <translation>Bu arama ve filtrelere uyan misafir yok.</translation>
    </message>
    <message>
        <source>No guests yet. Guests appear here once they are enrolled at the counter or imported from the till system.</source>
        <translation>Henüz misafir yok. Misafirler kasada kaydedildiğinde veya kasa sisteminden içe aktarıldığında burada görünür.</translation>
    </message>
    <message>
        <source>All segments</source>
        <translation>Tüm segment grupları</translation>
    </message>
    <message>
        <source>Custom segments</source>
        <translation>Özel segmentler</translation>
    </message>
    <message>
        <source>Any segment</source>
        <translation>Tüm segmentler</translation>
    </message>
    <message>
        <source>Choose a segment</source>
        <translation>Bir segment seçin</translation>
    </message>
    <message>
        <source>no segment</source>
        <translation>segmentsiz</translation>
    </message>
    <message>
        <source>Guests who moved from %1 to %2 since %3</source>
        <translation>%3 tarihinden beri %1 → %2 geçen misafirler</translation>
    </message>
    <message>
        <source>Export the list</source>
        <translation>Listeyi dışa aktar</translation>
    </message>
    <message>
        <source>Excel workbook (*.xlsx);;CSV file (*.csv)</source>
        <translation>Excel çalışma kitabı (*.xlsx);;CSV dosyası (*.csv)</translation>
    </message>
    <message>
        <source>Exporting the list…</source>
        <translation>Liste dışa aktarılıyor…</translation>
    </message>
    <message numerus="yes">
        <source>%n guest(s) exported to %1</source>
        <translation>
            <numerusform>%n misafir %1 dosyasına aktarıldı</numerusform>
        </translation>
    </message>
    <message>
        <source>Only the owner may export guests.</source>
        <translation>Misafirleri yalnızca işletme sahibi dışa aktarabilir.</translation>
    </message>
    <message>
        <source>The list could not be exported: %1</source>
        <translation>Liste dışa aktarılamadı: %1</translation>
    </message>
</context>
<context>
    <name>DashboardSection</name>
    <message>
        <source>Dashboard</source>
        <translation>Gösterge paneli</translation>
    </message>
    <message>
        <source>Active guests</source>
        <translation>Aktif misafirler</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaretler</translation>
    </message>
    <message>
        <source>Revenue</source>
        <translation>Ciro</translation>
    </message>
    <message>
        <source>Average bill</source>
        <translation>Ortalama hesap</translation>
    </message>
    <message>
        <source>Returning guests</source>
        <translation>Geri gelenler</translation>
    </message>
    <message>
        <source>Points redeemed</source>
        <translation>Kullanılan puan</translation>
    </message>
    <message>
        <source>Vouchers redeemed</source>
        <translation>Kullanılan kupon</translation>
    </message>
    <message>
        <source>Guests with at least one visit in the period</source>
        <translation>Dönemde en az bir kez gelen misafirler</translation>
    </message>
    <message>
        <source>Share of the period&apos;s guests whose first visit was before the period</source>
        <translation>Dönemde gelen misafirlerden ilk ziyareti dönemden önce olanların payı</translation>
    </message>
    <message>
        <source>Lifecycle segments over time</source>
        <translation>Zaman içinde yaşam döngüsü segmentleri</translation>
    </message>
    <message>
        <source>Revenue by segment</source>
        <translation>Segmente göre ciro</translation>
    </message>
    <message>
        <source>Visits per day by day-part</source>
        <translation>Gün bölümüne göre günlük ziyaretler</translation>
    </message>
    <message>
        <source>Your dashboard fills in as guests come.

Record visits at the counter, or import your guests and their visit history (Data → Import). Segment charts follow the first nightly segment run.</source>
        <translation>Gösterge paneli misafirler geldikçe dolar.

Ziyaretleri kasada kaydedin ya da misafirlerinizi ve ziyaret geçmişlerini içe aktarın (Veri → İçe aktar). Segment grafikleri ilk gece segment hesaplamasından sonra gelir.</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Yükleniyor…</translation>
    </message>
    <message>
        <source>%1 – %2, compared with %3 – %4</source>
        <translation>%1 – %2, karşılaştırma: %3 – %4</translation>
    </message>
    <message>
        <source>Show guests</source>
        <translation>Misafirleri göster</translation>
    </message>
    <message>
        <source>The customer browser is not in this version</source>
        <translation>Müşteri listesi bu sürümde yok</translation>
    </message>
    <message>
        <source>No notable movements between segments this week.</source>
        <translation>Bu hafta segmentler arasında dikkat çeken bir hareket yok.</translation>
    </message>
    <message numerus="yes">
        <source>%n %1 guest(s) slipped to %2 this week</source>
        <translation>
            <numerusform>Bu hafta %n %1 misafir %2 segmentine düştü</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n %1 guest(s) moved up to %2 this week</source>
        <translation>
            <numerusform>Bu hafta %n %1 misafir %2 segmentine yükseldi</numerusform>
        </translation>
    </message>
    <message>
        <source>%1 %</source>
        <translation>%%1</translation>
    </message>
    <message>
        <source>%1 points</source>
        <translation>%1 puan</translation>
    </message>
    <message>
        <source>nothing to compare</source>
        <translation>önceki dönem boş</translation>
    </message>
    <message>
        <source>Segment sizes over time show from the second nightly segment run on: BoostDesk keeps every guest&apos;s moves between segments.</source>
        <translation>Segment büyüklükleri ikinci gece segment hesaplamasından itibaren görünür: BoostDesk her misafirin segmentler arası hareketini saklar.</translation>
    </message>
    <message>
        <source>No visits from segmented guests in this period.</source>
        <translation>Bu dönemde segmentli misafirlerden ziyaret yok.</translation>
    </message>
    <message>
        <source>%1K</source>
        <translation>%1 B</translation>
    </message>
    <message>
        <source>%1M</source>
        <translation>%1 Mn</translation>
    </message>
    <message>
        <source>No visits in this period.</source>
        <translation>Bu dönemde ziyaret yok.</translation>
    </message>
    <message>
        <source>Morning</source>
        <translation>Sabah</translation>
    </message>
    <message>
        <source>Afternoon</source>
        <translation>Öğleden sonra</translation>
    </message>
    <message>
        <source>Evening</source>
        <translation>Akşam</translation>
    </message>
    <message>
        <source>Morning: before 11:00; afternoon: 11:00–16:00; evening: from 16:00</source>
        <translation>Sabah: 11:00&apos;den önce; öğleden sonra: 11:00–16:00; akşam: 16:00&apos;dan sonra</translation>
    </message>
</context>
<context>
    <name>DestructionModel</name>
    <message>
        <source>When</source>
        <translation>Ne zaman</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Misafir</translation>
    </message>
    <message>
        <source>Rule</source>
        <translation>Kural</translation>
    </message>
    <message numerus="yes">
        <source>Inactive for more than %n year(s)</source>
        <translation>
            <numerusform>%n yıldan uzun süredir gelmeyenler</numerusform>
        </translation>
    </message>
    <message>
        <source>Guest ids: %1</source>
        <translation>Misafir numaraları: %1</translation>
    </message>
</context>
<context>
    <name>EditDialog</name>
    <message>
        <source>Edit the guest</source>
        <translation>Misafiri düzenle</translation>
    </message>
    <message>
        <source>YYYY-MM-DD</source>
        <translation>YYYY-AA-GG</translation>
    </message>
    <message>
        <source>not given</source>
        <translation>belirtilmedi</translation>
    </message>
    <message>
        <source>female</source>
        <translation>kadın</translation>
    </message>
    <message>
        <source>male</source>
        <translation>erkek</translation>
    </message>
    <message>
        <source>other</source>
        <translation>diğer</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Soyad</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Doğum tarihi</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Cinsiyet</translation>
    </message>
    <message>
        <source>District</source>
        <translation>İlçe</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Şehir</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
</context>
<context>
    <name>Editor</name>
    <message>
        <source>Message only</source>
        <translation>Yalnızca mesaj</translation>
    </message>
    <message>
        <source>Fixed voucher</source>
        <translation>Sabit tutarlı çek</translation>
    </message>
    <message>
        <source>Voucher by guest value</source>
        <translation>Misafir değerine göre çek</translation>
    </message>
    <message>
        <source>× monthly spend</source>
        <translation>× aylık harcama</translation>
    </message>
    <message>
        <source>× 12-month value</source>
        <translation>× 12 aylık değer</translation>
    </message>
    <message>
        <source>no limit</source>
        <translation>sınırsız</translation>
    </message>
    <message>
        <source>Turkish</source>
        <translation>Türkçe</translation>
    </message>
    <message>
        <source>English</source>
        <translation>İngilizce</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Konu</translation>
    </message>
    <message>
        <source>Placeholders: %1</source>
        <translation>Yer tutucular: %1</translation>
    </message>
    <message>
        <source>Audience</source>
        <translation>Hedef kitle</translation>
    </message>
    <message>
        <source>Reward</source>
        <translation>Ödül</translation>
    </message>
    <message>
        <source>Held out</source>
        <translation>Kontrol grubu</translation>
    </message>
    <message>
        <source>Valid for (days)</source>
        <translation>Geçerlilik (gün)</translation>
    </message>
    <message>
        <source>Budget / month</source>
        <translation>Aylık bütçe</translation>
    </message>
    <message>
        <source>Fixed amount</source>
        <translation>Sabit tutar</translation>
    </message>
    <message>
        <source>Days before</source>
        <translation>Kaç gün önce</translation>
    </message>
    <message>
        <source>Based on</source>
        <translation>Temel</translation>
    </message>
    <message>
        <source>Factor</source>
        <translation>Katsayı</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>En az</translation>
    </message>
    <message>
        <source>Maximum</source>
        <translation>En çok</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Mesaj</translation>
    </message>
    <message>
        <source>Everyone the trigger meets</source>
        <translation>Tetikleyicinin ulaştığı herkes</translation>
    </message>
    <message>
        <source>Only %1 guests</source>
        <translation>Yalnızca %1 misafirler</translation>
    </message>
    <message>
        <source>Custom: %1</source>
        <translation>Özel: %1</translation>
    </message>
</context>
<context>
    <name>EmailSection</name>
    <message>
        <source>e.g. smtp.gmail.com</source>
        <translation>ör. smtp.gmail.com</translation>
    </message>
    <message>
        <source>Secure connection (STARTTLS)</source>
        <translation>Güvenli bağlantı (STARTTLS)</translation>
    </message>
    <message>
        <source>e.g. kafe@example.com</source>
        <translation>ör. kafe@ornek.com</translation>
    </message>
    <message>
        <source>optional</source>
        <translation>isteğe bağlı</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Seç…</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Ayarları kaydet</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Değişiklikleri geri al</translation>
    </message>
    <message>
        <source>your own address</source>
        <translation>kendi adresiniz</translation>
    </message>
    <message>
        <source>Send test message</source>
        <translation>Deneme iletisi gönder</translation>
    </message>
    <message>
        <source>Send queued e-mails now</source>
        <translation>Bekleyen e-postaları şimdi gönder</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Scenario messages to guests who agreed to e-mail go out through your e-mail provider&apos;s server. Until it is set up they wait in the outbox.</source>
        <translation>E-postaya izin veren misafirlere senaryo iletileri, e-posta sağlayıcınızın sunucusu üzerinden gider. Sunucu ayarlanana kadar giden kutusunda beklerler.</translation>
    </message>
    <message>
        <source>E-mail server</source>
        <translation>E-posta sunucusu</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>Sunucu adresi</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>Kullanıcı adı</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Parola</translation>
    </message>
    <message>
        <source>Sender address</source>
        <translation>Gönderen adresi</translation>
    </message>
    <message>
        <source>Trusted certificate</source>
        <translation>Güvenilen sertifika</translation>
    </message>
    <message>
        <source>The password is kept on this computer, outside the database and its backups, and is never shown again. Choose a certificate only if your provider gave you one for its own server.</source>
        <translation>Parola bu bilgisayarda, veritabanının ve yedeklerinin dışında saklanır ve bir daha gösterilmez. Sertifikayı yalnızca sağlayıcınız kendi sunucusu için size bir sertifika verdiyse seçin.</translation>
    </message>
    <message>
        <source>Try it</source>
        <translation>Deneyin</translation>
    </message>
    <message>
        <source>Sends one short message with the settings as the form shows them.</source>
        <translation>Formda görünen ayarlarla kısa bir ileti gönderir.</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Giden kutusu</translation>
    </message>
    <message>
        <source>While BoostDesk is open, queued e-mails go out by themselves every few minutes; if the server cannot be reached, it tries again later.</source>
        <translation>BoostDesk açıkken bekleyen e-postalar birkaç dakikada bir kendiliğinden gönderilir; sunucuya ulaşılamazsa daha sonra yeniden dener.</translation>
    </message>
    <message>
        <source>saved — type to replace it</source>
        <translation>kayıtlı — değiştirmek için yazın</translation>
    </message>
    <message>
        <source>none saved</source>
        <translation>kayıtlı değil</translation>
    </message>
    <message>
        <source>No message has been queued yet.</source>
        <translation>Henüz sıraya alınmış ileti yok.</translation>
    </message>
    <message>
        <source>Waiting: %1 · sent: %2 · failed: %3</source>
        <translation>Bekleyen: %1 · gönderilen: %2 · başarısız: %3</translation>
    </message>
    <message>
        <source>Certificate</source>
        <translation>Sertifika</translation>
    </message>
    <message>
        <source>Certificates (*.pem *.crt *.cer)</source>
        <translation>Sertifikalar (*.pem *.crt *.cer)</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Kaydedildi.</translation>
    </message>
    <message>
        <source>Type the address to send the test to.</source>
        <translation>Denemenin gideceği adresi yazın.</translation>
    </message>
    <message>
        <source>Sending the test message…</source>
        <translation>Deneme iletisi gönderiliyor…</translation>
    </message>
    <message>
        <source>The server took the test message. Check the mailbox.</source>
        <translation>Sunucu deneme iletisini aldı. Posta kutusunu kontrol edin.</translation>
    </message>
    <message>
        <source>Sending…</source>
        <translation>Gönderiliyor…</translation>
    </message>
    <message>
        <source>Sending the queued e-mails…</source>
        <translation>Bekleyen e-postalar gönderiliyor…</translation>
    </message>
    <message>
        <source>Sent: %1 · still waiting: %2</source>
        <translation>Gönderilen: %1 · hâlâ bekleyen: %2</translation>
    </message>
</context>
<context>
    <name>EnrolDialog</name>
    <message>
        <source>New guest</source>
        <translation>Yeni misafir</translation>
    </message>
    <message>
        <source>Card %1 is new: enrol the guest</source>
        <translation>%1 numaralı kart yeni: misafiri kaydedin</translation>
    </message>
    <message>
        <source>Enrol  ⏎</source>
        <translation>Kaydet  ⏎</translation>
    </message>
    <message>
        <source>Cancel  Esc</source>
        <translation>Vazgeç  Esc</translation>
    </message>
    <message>
        <source>Name or nickname (required)</source>
        <translation>Ad veya takma ad (zorunlu)</translation>
    </message>
    <message>
        <source>DD.MM.YYYY</source>
        <translation>GG.AA.YYYY</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Kadın</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Erkek</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Diğer</translation>
    </message>
    <message>
        <source>Name *</source>
        <translation>Ad *</translation>
    </message>
    <message>
        <source>City</source>
        <translation>İl</translation>
    </message>
    <message>
        <source>Family (optional)</source>
        <translation>Aile (isteğe bağlı)</translation>
    </message>
    <message>
        <source>Spouse and children: their birthdays can bring the family in.</source>
        <translation>Eş ve çocuklar: doğum günleri ailece gelmeye vesile olur.</translation>
    </message>
    <message>
        <source>+ Add spouse or child</source>
        <translation>+ Eş veya çocuk ekle</translation>
    </message>
    <message>
        <source>Privacy notice (KVKK) · version %1</source>
        <translation>Aydınlatma metni (KVKK) · sürüm %1</translation>
    </message>
    <message>
        <source>We keep the guest&apos;s name, card and visits to run the loyalty programme, and contact details only to reach them on the channels ticked below. Consents can be withdrawn at any time at the counter; points and rewards stay.</source>
        <translation>Sadakat programını yürütmek için misafirin adını, kartını ve ziyaretlerini; iletişim bilgilerini ise yalnızca aşağıda işaretlenen kanallardan ulaşmak için saklarız. Onaylar kasada her an geri alınabilir; puanlar ve ödüller korunur.</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Phone call</source>
        <translation>Telefon araması</translation>
    </message>
    <message>
        <source>Personalised offers (profiling)</source>
        <translation>Kişiye özel teklifler (profilleme)</translation>
    </message>
    <message>
        <source>Surname</source>
        <translation>Soyad</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Doğum tarihi</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Cinsiyet</translation>
    </message>
    <message>
        <source>District</source>
        <translation>İlçe</translation>
    </message>
    <message>
        <source>The guest agrees to be contacted by (KVKK / İYS consent):</source>
        <translation>Misafir şu kanallardan iletişime izin veriyor (KVKK / İYS onayı):</translation>
    </message>
</context>
<context>
    <name>FamilyRow</name>
    <message>
        <source>Child</source>
        <translation>Çocuk</translation>
    </message>
    <message>
        <source>Spouse</source>
        <translation>Eş</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Adı</translation>
    </message>
    <message>
        <source>DD.MM.YYYY</source>
        <translation>GG.AA.YYYY</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Çıkar</translation>
    </message>
</context>
<context>
    <name>FirstStartDialog</name>
    <message>
        <source>Welcome to BoostDesk</source>
        <translation>BoostDesk&apos;e hoş geldiniz</translation>
    </message>
    <message>
        <source>There is no venue in this data folder yet. Try BoostDesk on a demo café full of guests, or set up your own venue.</source>
        <translation>Bu veri klasöründe henüz bir işletme yok. BoostDesk&apos;i misafirlerle dolu bir demo kafede deneyin ya da kendi işletmenizi kurun.</translation>
    </message>
    <message>
        <source>Open the demo venue</source>
        <translation>Demo işletmeyi aç</translation>
    </message>
    <message>
        <source>Set up my venue</source>
        <translation>İşletmemi kur</translation>
    </message>
    <message>
        <source>e.g. Kahve Durağı</source>
        <translation>ör. Kahve Durağı</translation>
    </message>
    <message>
        <source>Venue name</source>
        <translation>İşletme adı</translation>
    </message>
    <message>
        <source>Owner PIN</source>
        <translation>İşletme sahibi PIN</translation>
    </message>
    <message>
        <source>Owner PIN again</source>
        <translation>İşletme sahibi PIN (tekrar)</translation>
    </message>
    <message>
        <source>Cashier PIN</source>
        <translation>Kasiyer PIN</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Geri</translation>
    </message>
    <message>
        <source>Create venue</source>
        <translation>İşletmeyi oluştur</translation>
    </message>
    <message>
        <source>PINs have 4 to 12 digits. The owner PIN opens the back office.</source>
        <translation>PIN kodları 4–12 hanelidir. İşletme sahibi PIN&apos;i yönetim bölümünü açar.</translation>
    </message>
    <message>
        <source>The two owner PINs differ.</source>
        <translation>Girilen iki PIN birbirinden farklı.</translation>
    </message>
    <message>
        <source>Creating the venue…</source>
        <translation>İşletme oluşturuluyor…</translation>
    </message>
    <message>
        <source>The venue could not be created: %1</source>
        <translation>İşletme oluşturulamadı: %1</translation>
    </message>
    <message>
        <source>Give the venue a name.</source>
        <translation>İşletmeye bir ad verin.</translation>
    </message>
    <message>
        <source>The owner PIN must have 4 to 12 digits.</source>
        <translation>İşletme sahibi PIN&apos;i 4–12 haneli olmalıdır.</translation>
    </message>
    <message>
        <source>The cashier PIN must have 4 to 12 digits and differ from the owner PIN.</source>
        <translation>Kasiyer PIN&apos;i 4–12 haneli olmalı ve işletme sahibi PIN&apos;inden farklı olmalıdır.</translation>
    </message>
</context>
<context>
    <name>GuestPanel</name>
    <message>
        <source>Points</source>
        <translation>Puan</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaret</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>Son ziyaret</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>Sadık</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>Düzenli</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Yeni</translation>
    </message>
    <message>
        <source>Potential loyal</source>
        <translation>Potansiyel sadık</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>Risk altında</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Kaybedilen</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation>Giden</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Kayıtlı</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Kart %1</translation>
    </message>
    <message>
        <source>reported lost</source>
        <translation>kayıp bildirildi</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>engelli</translation>
    </message>
    <message>
        <source>card is %1</source>
        <translation>kart %1</translation>
    </message>
    <message>
        <source>+%1 from the next visit</source>
        <translation>+%1 sonraki ziyaretten itibaren</translation>
    </message>
    <message>
        <source>%1 expire within 30 days</source>
        <translation>%1 30 gün içinde sona eriyor</translation>
    </message>
    <message numerus="yes">
        <source>%n this month</source>
        <translation>
            <numerusform>bu ay %n</numerusform>
        </translation>
    </message>
    <message>
        <source>first visit</source>
        <translation>ilk ziyaret</translation>
    </message>
    <message>
        <source>today</source>
        <translation>bugün</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n gün önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n voucher(s) to hand over</source>
        <translation>
            <numerusform>Verilecek %n kupon</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n to print</source>
        <translation>
            <numerusform>%n tanesi yazdırılacak</numerusform>
        </translation>
    </message>
    <message>
        <source>Birthday today!</source>
        <translation>Bugün doğum günü!</translation>
    </message>
    <message numerus="yes">
        <source>Birthday in %n day(s)</source>
        <translation>
            <numerusform>Doğum gününe %n gün var</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n more visit(s) in 30 days → %1</source>
        <translation>
            <numerusform>30 günde %n ziyaret daha → %1</numerusform>
        </translation>
    </message>
    <message>
        <source>average bill %2 more → %1</source>
        <translation>ortalama hesap %2 daha fazla → %1</translation>
    </message>
    <message>
        <source>on the way to %1</source>
        <translation>%1 yolunda</translation>
    </message>
    <message>
        <source>Favourite: %1</source>
        <translation>En sevdiği: %1</translation>
    </message>
</context>
<context>
    <name>GuestText</name>
    <message>
        <source>%1%</source>
        <translation>%%1</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Phone calls</source>
        <translation>Telefon aramaları</translation>
    </message>
    <message>
        <source>Personalised offers (profiling)</source>
        <translation>Kişiye özel teklifler (profilleme)</translation>
    </message>
    <message>
        <source>No card</source>
        <translation>Kart yok</translation>
    </message>
    <message>
        <source>Card %1</source>
        <translation>Kart %1</translation>
    </message>
    <message>
        <source>active</source>
        <translation>aktif</translation>
    </message>
    <message>
        <source>blocked</source>
        <translation>engelli</translation>
    </message>
    <message>
        <source>reported lost</source>
        <translation>kayıp bildirildi</translation>
    </message>
    <message>
        <source>%1 expire soon</source>
        <translation>%1 yakında bitiyor</translation>
    </message>
    <message>
        <source>%1 from the next visit</source>
        <translation>%1 sonraki ziyaretten itibaren</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) ago</source>
        <translation>
            <numerusform>%n gün önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n in the last 30 days</source>
        <translation>
            <numerusform>son 30 günde %n</numerusform>
        </translation>
    </message>
    <message>
        <source>average bill %1</source>
        <translation>ortalama hesap %1</translation>
    </message>
    <message>
        <source>no model fitted yet</source>
        <translation>henüz model yok</translation>
    </message>
    <message>
        <source>chance to come back</source>
        <translation>geri gelme olasılığı</translation>
    </message>
    <message>
        <source>~%1 visits in 30 days</source>
        <translation>30 günde ~%1 ziyaret</translation>
    </message>
    <message>
        <source>female</source>
        <translation>kadın</translation>
    </message>
    <message>
        <source>male</source>
        <translation>erkek</translation>
    </message>
    <message>
        <source>other</source>
        <translation>diğer</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>evet</translation>
    </message>
    <message>
        <source>no</source>
        <translation>hayır</translation>
    </message>
    <message>
        <source>at the counter</source>
        <translation>kasada</translation>
    </message>
    <message>
        <source>back office</source>
        <translation>yönetim</translation>
    </message>
    <message>
        <source>import</source>
        <translation>içe aktarma</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>iptal</translation>
    </message>
    <message>
        <source>Earned</source>
        <translation>Kazanıldı</translation>
    </message>
    <message>
        <source>Welcome bonus</source>
        <translation>Hoş geldin bonusu</translation>
    </message>
    <message>
        <source>Paid with points</source>
        <translation>Puanla ödendi</translation>
    </message>
    <message>
        <source>Expired</source>
        <translation>Süresi doldu</translation>
    </message>
    <message>
        <source>Adjustment</source>
        <translation>Düzeltme</translation>
    </message>
    <message>
        <source>Taken back</source>
        <translation>Geri alındı</translation>
    </message>
    <message>
        <source>Usable now: %1. Not yet usable: %2. Expiring within 30 days: %3.</source>
        <translation>Şimdi kullanılabilir: %1. Henüz kullanılamaz: %2. 30 gün içinde sona erecek: %3.</translation>
    </message>
    <message>
        <source>to hand over</source>
        <translation>verilecek</translation>
    </message>
    <message>
        <source>handed over</source>
        <translation>verildi</translation>
    </message>
    <message>
        <source>used</source>
        <translation>kullanıldı</translation>
    </message>
    <message>
        <source>expired</source>
        <translation>süresi doldu</translation>
    </message>
    <message>
        <source>cancelled</source>
        <translation>iptal edildi</translation>
    </message>
    <message>
        <source>(first)</source>
        <translation>(ilk)</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) in the last %1 days, spend %2</source>
        <translation>
            <numerusform>son %1 günde %n ziyaret, harcama %2</numerusform>
        </translation>
    </message>
    <message>
        <source>Average bill %1</source>
        <translation>Ortalama hesap %1</translation>
    </message>
    <message>
        <source>Visits: %1 mornings, %2 afternoons, %3 evenings</source>
        <translation>Ziyaretler: %1 sabah, %2 öğleden sonra, %3 akşam</translation>
    </message>
    <message>
        <source>Spends most on %1</source>
        <translation>En çok %1 için harcıyor</translation>
    </message>
    <message>
        <source>From the guest&apos;s profile</source>
        <translation>Misafirin profilinden</translation>
    </message>
    <message>
        <source>From the vouchers the guest received and used</source>
        <translation>Misafirin aldığı ve kullandığı kuponlardan</translation>
    </message>
    <message>
        <source>P(alive) %1</source>
        <translation>P(aktif) %1</translation>
    </message>
    <message>
        <source>A visit soon</source>
        <translation>Yakında bir ziyaret</translation>
    </message>
    <message numerus="yes">
        <source>%1: %n more visit(s) a month</source>
        <translation>
            <numerusform>%1: ayda %n ziyaret daha</numerusform>
        </translation>
    </message>
    <message>
        <source>, average bill +%1</source>
        <translation>, ortalama hesap +%1</translation>
    </message>
    <message>
        <source>%1: spend %2 more in the window</source>
        <translation>%1: dönemde %2 daha fazla harcama</translation>
    </message>
    <message>
        <source>Only the owner may do this.</source>
        <translation>Bunu yalnızca işletme sahibi yapabilir.</translation>
    </message>
    <message>
        <source>That is not a valid card number.</source>
        <translation>Bu geçerli bir kart numarası değil.</translation>
    </message>
    <message>
        <source>That card already belongs to a guest or is blocked.</source>
        <translation>Bu kart zaten bir misafire ait veya engelli.</translation>
    </message>
    <message>
        <source>Choose another guest to merge.</source>
        <translation>Birleştirmek için başka bir misafir seçin.</translation>
    </message>
    <message>
        <source>The guest no longer exists.</source>
        <translation>Misafir artık yok.</translation>
    </message>
    <message>
        <source>Give an amount between 0 and 100 000.</source>
        <translation>0 ile 100 000 arasında bir tutar girin.</translation>
    </message>
    <message>
        <source>The last day is in the past.</source>
        <translation>Son gün geçmişte.</translation>
    </message>
    <message>
        <source>The guest has no card.</source>
        <translation>Misafirin kartı yok.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Kaydedilmedi: %1</translation>
    </message>
</context>
<context>
    <name>ImportReasons</name>
    <message>
        <source>amount missing</source>
        <translation>tutar yok</translation>
    </message>
    <message>
        <source>negative amount {text!r}</source>
        <translation>eksi tutar {text!r}</translation>
    </message>
    <message>
        <source>amount in parentheses {text!r} (a negative in accounting)</source>
        <translation>parantez içinde tutar {text!r} (muhasebede eksi demektir)</translation>
    </message>
    <message>
        <source>not a money amount: {text!r}</source>
        <translation>para tutarı değil: {text!r}</translation>
    </message>
    <message>
        <source>amount {text!r} is above the per-bill limit of {limit} (extra zeros?)</source>
        <translation>{text!r} tutarı fiş başına {limit} sınırının üstünde (fazladan sıfır mı?)</translation>
    </message>
    <message>
        <source>date missing</source>
        <translation>tarih yok</translation>
    </message>
    <message>
        <source>no such day {text!r}</source>
        <translation>böyle bir gün yok: {text!r}</translation>
    </message>
    <message>
        <source>not a date: {text!r}</source>
        <translation>tarih değil: {text!r}</translation>
    </message>
    <message>
        <source>not a time of day: {text!r}</source>
        <translation>saat değil: {text!r}</translation>
    </message>
    <message>
        <source>no such time of day {text!r}</source>
        <translation>böyle bir saat yok: {text!r}</translation>
    </message>
    <message>
        <source>birth date {text!r} is not plausible</source>
        <translation>doğum tarihi {text!r} inandırıcı değil</translation>
    </message>
    <message>
        <source>not a phone number: {text!r}</source>
        <translation>telefon numarası değil: {text!r}</translation>
    </message>
    <message>
        <source>a phone number has 10 to 13 digits, {text!r} has {count}</source>
        <translation>telefon numarası 10 ile 13 haneli olur, {text!r} {count} haneli</translation>
    </message>
    <message>
        <source>not an e-mail address: {text!r}</source>
        <translation>e-posta adresi değil: {text!r}</translation>
    </message>
    <message>
        <source>not yes or no: {text!r}</source>
        <translation>evet ya da hayır değil: {text!r}</translation>
    </message>
    <message>
        <source>unknown gender {text!r} (female, male, other)</source>
        <translation>bilinmeyen cinsiyet {text!r} (kadın, erkek, diğer)</translation>
    </message>
    <message>
        <source>{count} fields, the heading has {width} (a separator inside a value?)</source>
        <translation>{count} alan var, başlıkta {width} (bir değerin içinde ayırıcı mı var?)</translation>
    </message>
    <message>
        <source>{field} is {length} characters long (at most {limit})</source>
        <translation>{field} {length} karakter uzunluğunda (en çok {limit})</translation>
    </message>
    <message>
        <source>{field} longer than {limit} characters</source>
        <translation>{field} {limit} karakterden uzun</translation>
    </message>
    <message>
        <source>first_name missing</source>
        <translation>first_name (ad) yok</translation>
    </message>
    <message>
        <source>customer_ref or card is required</source>
        <translation>customer_ref (müşteri no) ya da kart gerekli</translation>
    </message>
    <message>
        <source>card or customer_ref is required</source>
        <translation>kart ya da customer_ref (müşteri no) gerekli</translation>
    </message>
    <message>
        <source>date {text!r} is before {day} (the earliest plausible day; setting import.earliest_day)</source>
        <translation>{text!r} tarihi {day} gününden önce (inandırıcı en erken gün; import.earliest_day ayarı)</translation>
    </message>
    <message>
        <source>date {text!r} is in the future</source>
        <translation>{text!r} tarihi gelecekte</translation>
    </message>
    <message>
        <source>card {text!r}: {error}</source>
        <translation>kart {text!r}: {error}</translation>
    </message>
    <message>
        <source>{field}: {error}</source>
        <translation>{field}: {error}</translation>
    </message>
    <message>
        <source>{text!r} is a voucher code, not a card</source>
        <translation>{text!r} bir kupon kodu, kart değil</translation>
    </message>
    <message>
        <source>unknown card {number} (import the customers first)</source>
        <translation>bilinmeyen kart {number} (önce müşterileri içe aktarın)</translation>
    </message>
    <message>
        <source>card {number} belongs to no guest</source>
        <translation>{number} numaralı kart hiçbir misafire ait değil</translation>
    </message>
    <message>
        <source>unknown category {text!r} (known: {known})</source>
        <translation>bilinmeyen kategori {text!r} (bilinenler: {known})</translation>
    </message>
    <message>
        <source>{what} {key} already on line {line} of this file</source>
        <translation>{what} {key} bu dosyanın {line}. satırında zaten var</translation>
    </message>
</context>
<context>
    <name>ImportSection</name>
    <message>
        <source>POS guest number</source>
        <translation>Kasa müşteri no</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <source>Date and time</source>
        <translation>Tarih ve saat</translation>
    </message>
    <message>
        <source>Amount</source>
        <translation>Tutar</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>Kategori</translation>
    </message>
    <message>
        <source>First name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Last name</source>
        <translation>Soyad</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>Telefon</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>Birth date</source>
        <translation>Doğum tarihi</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Cinsiyet</translation>
    </message>
    <message>
        <source>City</source>
        <translation>İl</translation>
    </message>
    <message>
        <source>District</source>
        <translation>İlçe</translation>
    </message>
    <message>
        <source>Consent: SMS</source>
        <translation>İzin: SMS</translation>
    </message>
    <message>
        <source>Consent: e-mail</source>
        <translation>İzin: e-posta</translation>
    </message>
    <message>
        <source>Consent: calls</source>
        <translation>İzin: arama</translation>
    </message>
    <message>
        <source>Consent: profiling</source>
        <translation>İzin: profilleme</translation>
    </message>
    <message>
        <source>Registration source</source>
        <translation>Kayıt kaynağı</translation>
    </message>
    <message>
        <source>Import from a POS export</source>
        <translation>Kasa sisteminden içe aktarma</translation>
    </message>
    <message>
        <source>Visits</source>
        <translation>Ziyaretler</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Misafirler</translation>
    </message>
    <message>
        <source>Choose file…</source>
        <translation>Dosya seç…</translation>
    </message>
    <message>
        <source>CSV or XLSX; no file chosen yet</source>
        <translation>CSV veya XLSX; henüz dosya seçilmedi</translation>
    </message>
    <message>
        <source>Column in the file</source>
        <translation>Dosyadaki sütun</translation>
    </message>
    <message>
        <source>Imported as</source>
        <translation>Aktarılacağı alan</translation>
    </message>
    <message>
        <source>Check file</source>
        <translation>Dosyayı denetle</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>İçe aktar</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Satır</translation>
    </message>
    <message>
        <source>Why it was refused</source>
        <translation>Neden kabul edilmedi</translation>
    </message>
    <message>
        <source>Import:</source>
        <translation>Aktarılacak:</translation>
    </message>
    <message>
        <source>Export the guests or the visits from your POS as CSV or Excel (XLSX), then choose the file here. Every row is checked first; if one is wrong, nothing is imported.</source>
        <translation>Misafirleri veya ziyaretleri kasa sisteminizden CSV ya da Excel (XLSX) olarak dışa aktarın, sonra dosyayı burada seçin. Önce her satır denetlenir; biri hatalıysa hiçbir şey aktarılmaz.</translation>
    </message>
    <message>
        <source>Choose the export</source>
        <translation>Dışa aktarım dosyasını seçin</translation>
    </message>
    <message>
        <source>Exports (*.csv *.txt *.xlsx)</source>
        <translation>Dışa aktarımlar (*.csv *.txt *.xlsx)</translation>
    </message>
    <message>
        <source>not imported</source>
        <translation>aktarılmaz</translation>
    </message>
    <message>
        <source>Choose the field of each column, then check the file: nothing is stored.</source>
        <translation>Her sütunun alanını seçin, sonra dosyayı denetleyin: hiçbir şey kaydedilmez.</translation>
    </message>
    <message>
        <source>Checking the file…</source>
        <translation>Dosya denetleniyor…</translation>
    </message>
    <message>
        <source>Importing…</source>
        <translation>İçe aktarılıyor…</translation>
    </message>
    <message numerus="yes">
        <source>%n bad row(s): nothing was imported. Fix them and check again.</source>
        <translation>
            <numerusform>%n hatalı satır: hiçbir şey aktarılmadı. Düzeltip yeniden denetleyin.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>The file is fine: %n row(s) would be imported.</source>
        <translation>
            <numerusform>Dosya sorunsuz: %n satır aktarılacak.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n new guest(s).</source>
        <translation>
            <numerusform>%n yeni misafir aktarıldı.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already known.</source>
        <translation>
            <numerusform>%n misafir zaten kayıtlı.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Imported %n visit(s).</source>
        <translation>
            <numerusform>%n ziyaret aktarıldı.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n new guest(s).</source>
        <translation>
            <numerusform>%n yeni misafir.</numerusform>
        </translation>
    </message>
    <message>
        <source>Cancelled: nothing was imported.</source>
        <translation>İptal edildi: hiçbir şey aktarılmadı.</translation>
    </message>
    <message>
        <source>This file cannot be imported: %1</source>
        <translation>Bu dosya aktarılamıyor: %1</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>My venue</source>
        <translation>İşletmem</translation>
    </message>
    <message>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <source>Back office</source>
        <translation>Yönetim</translation>
    </message>
    <message>
        <source>Counter (F1)</source>
        <translation>Kasa (F1)</translation>
    </message>
    <message>
        <source>Back office (F2)</source>
        <translation>Yönetim (F2)</translation>
    </message>
    <message>
        <source>Reader settings…</source>
        <translation>Okuyucu ayarları…</translation>
    </message>
    <message>
        <source>BoostDesk</source>
        <translation>BoostDesk</translation>
    </message>
    <message>
        <source>Card reader: not set up (manual entry)</source>
        <translation>Kart okuyucu: ayarlanmadı (elle giriş)</translation>
    </message>
    <message>
        <source>Card reader: connecting…</source>
        <translation>Kart okuyucu: bağlanıyor…</translation>
    </message>
    <message>
        <source>Card reader: connected</source>
        <translation>Kart okuyucu: bağlı</translation>
    </message>
    <message>
        <source>Card reader: simulated (demo)</source>
        <translation>Kart okuyucu: sanal (demo)</translation>
    </message>
    <message>
        <source>Card reader disconnected — reconnecting</source>
        <translation>Kart okuyucu bağlı değil — yeniden bağlanıyor</translation>
    </message>
</context>
<context>
    <name>MatrixModel</name>
    <message numerus="yes">
        <source>%n guest(s) moved from %1 to %2</source>
        <translation>
            <numerusform>%n misafir %1 → %2 geçti</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MergeDialog</name>
    <message>
        <source>Merge two records of the same person</source>
        <translation>Aynı kişinin iki kaydını birleştir</translation>
    </message>
    <message>
        <source>Find the other record of %1. Its visits, points, vouchers, consents and cards move to this guest; the other record is then removed. This cannot be undone.</source>
        <translation>%1 için diğer kaydı bulun. O kaydın ziyaretleri, puanları, kuponları, izinleri ve kartları bu misafire taşınır; diğer kayıt sonra silinir. Bu işlem geri alınamaz.</translation>
    </message>
    <message>
        <source>Name, phone or card of the other record</source>
        <translation>Diğer kaydın adı, telefonu veya kartı</translation>
    </message>
    <message>
        <source>Merge</source>
        <translation>Birleştir</translation>
    </message>
</context>
<context>
    <name>MovementsSection</name>
    <message>
        <source>Movements</source>
        <translation>Hareketler</translation>
    </message>
    <message>
        <source>Rows: where guests were · columns: where they went · click a number to see them</source>
        <translation>Satırlar: misafirlerin önceki segmenti · sütunlar: geçtikleri segment · misafirleri görmek için sayıya tıklayın</translation>
    </message>
    <message>
        <source>Segments:</source>
        <translation>Segmentler:</translation>
    </message>
    <message>
        <source>No guest changed segment between %1 and %2.

Segments are recomputed every night; movements show from the second night on.</source>
        <translation>%1 ile %2 arasında segment değiştiren misafir yok.

Segmentler her gece yeniden hesaplanır; hareketler ikinci geceden itibaren görünür.</translation>
    </message>
    <message numerus="yes">
        <source>%n move(s) between segments from %1 to %2.</source>
        <translation>
            <numerusform>%1 – %2 arasında segmentler arası %n hareket.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MovesModel</name>
    <message>
        <source>From</source>
        <translation>Nereden</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nereye</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Misafir</translation>
    </message>
</context>
<context>
    <name>Names</name>
    <message>
        <source>Welcome</source>
        <translation>Hoş geldin</translation>
    </message>
    <message>
        <source>Second visit</source>
        <translation>İkinci ziyaret</translation>
    </message>
    <message>
        <source>Win-back</source>
        <translation>Geri kazanma</translation>
    </message>
    <message>
        <source>Win-back (At risk)</source>
        <translation>Geri kazanma (Risk altında)</translation>
    </message>
    <message>
        <source>Win-back (Lost)</source>
        <translation>Geri kazanma (Kayıp)</translation>
    </message>
    <message>
        <source>Birthday</source>
        <translation>Doğum günü</translation>
    </message>
    <message>
        <source>Name day</source>
        <translation>İsim günü</translation>
    </message>
    <message>
        <source>Family birthday</source>
        <translation>Aile doğum günü</translation>
    </message>
    <message>
        <source>VIP welcome</source>
        <translation>VIP karşılama</translation>
    </message>
    <message>
        <source>Points expiry reminder</source>
        <translation>Puan süresi hatırlatması</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Yeni</translation>
    </message>
    <message>
        <source>Potential loyal</source>
        <translation>Potansiyel sadık</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>Düzenli</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>Sadık</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>Risk altında</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Kaybedilen</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation>Giden</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Kayıtlı</translation>
    </message>
    <message>
        <source>Enters %1</source>
        <translation>%1 olunca</translation>
    </message>
    <message>
        <source>On enrolment</source>
        <translation>Kayıt olunca</translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before the birthday</source>
        <translation>
            <numerusform>Doğum gününden %n gün önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before the name day</source>
        <translation>
            <numerusform>İsim gününden %n gün önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before a family birthday</source>
        <translation>
            <numerusform>Aile doğum gününden %n gün önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n day(s) before points expire</source>
        <translation>
            <numerusform>Puanların süresi dolmadan %n gün önce</numerusform>
        </translation>
    </message>
    <message>
        <source>Queued</source>
        <translation>Sırada</translation>
    </message>
    <message>
        <source>Sending</source>
        <translation>Gönderiliyor</translation>
    </message>
    <message>
        <source>Sent</source>
        <translation>Gönderildi</translation>
    </message>
    <message>
        <source>Uncertain</source>
        <translation>Belirsiz</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Başarısız</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>İptal edildi</translation>
    </message>
    <message>
        <source>Exported</source>
        <translation>Dışa aktarıldı</translation>
    </message>
    <message>
        <source>Sample too small to conclude</source>
        <translation>Örneklem sonuç çıkarmak için çok küçük</translation>
    </message>
    <message>
        <source>Works: more guests return</source>
        <translation>Etkili: daha çok misafir dönüyor</translation>
    </message>
    <message>
        <source>Fewer return than without it</source>
        <translation>Senaryosuz olandan daha az dönüş</translation>
    </message>
    <message>
        <source>No clear effect yet</source>
        <translation>Henüz belirgin bir etki yok</translation>
    </message>
</context>
<context>
    <name>OutboxModel</name>
    <message>
        <source>Queued at</source>
        <translation>Sıraya girdi</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Attempts</source>
        <translation>Deneme</translation>
    </message>
    <message>
        <source>Subject</source>
        <translation>Konu</translation>
    </message>
    <message>
        <source>E-mail</source>
        <translation>E-posta</translation>
    </message>
    <message>
        <source>SMS</source>
        <translation>SMS</translation>
    </message>
</context>
<context>
    <name>PeriodPicker</name>
    <message>
        <source>Last 7 days</source>
        <translation>Son 7 gün</translation>
    </message>
    <message>
        <source>Last 30 days</source>
        <translation>Son 30 gün</translation>
    </message>
    <message>
        <source>Last 90 days</source>
        <translation>Son 90 gün</translation>
    </message>
    <message>
        <source>This month</source>
        <translation>Bu ay</translation>
    </message>
    <message>
        <source>Custom…</source>
        <translation>Özel…</translation>
    </message>
</context>
<context>
    <name>PlannerSection</name>
    <message>
        <source>Promotion planner</source>
        <translation>Kampanya planlayıcı</translation>
    </message>
    <message>
        <source>Plan an offer for the guests who will really come: guests who are gone, or who did not agree to the channel, will not use it — so you prepare fewer units.</source>
        <translation>Teklifi gerçekten gelecek misafirlere göre planlayın: gitmiş ya da bu kanala izin vermemiş misafirler kullanmaz — böylece daha az ürün hazırlarsınız.</translation>
    </message>
    <message>
        <source>A free item (e.g. a dessert)</source>
        <translation>Ücretsiz ürün (ör. bir tatlı)</translation>
    </message>
    <message>
        <source>An amount off (voucher)</source>
        <translation>Tutar indirimi (kupon)</translation>
    </message>
    <message>
        <source>A percentage off</source>
        <translation>Yüzde indirim</translation>
    </message>
    <message>
        <source>e.g. cheesecake</source>
        <translation>ör. cheesecake</translation>
    </message>
    <message>
        <source> days</source>
        <translation> gün</translation>
    </message>
    <message>
        <source>At the counter (no consent needed)</source>
        <translation>Kasada (izin gerekmez)</translation>
    </message>
    <message>
        <source>SMS (agreed guests only)</source>
        <translation>SMS (yalnızca izin verenler)</translation>
    </message>
    <message>
        <source>E-mail (agreed guests only)</source>
        <translation>E-posta (yalnızca izin verenler)</translation>
    </message>
    <message>
        <source>The offer</source>
        <translation>Teklif</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Item</source>
        <translation>Ürün</translation>
    </message>
    <message>
        <source>Cost of one unit to you</source>
        <translation>Bir adedin size maliyeti</translation>
    </message>
    <message>
        <source>Valid for</source>
        <translation>Geçerlilik</translation>
    </message>
    <message>
        <source>Channel</source>
        <translation>Kanal</translation>
    </message>
    <message>
        <source>Guests reached</source>
        <translation>Ulaşılan misafir</translation>
    </message>
    <message>
        <source>Expected redemptions</source>
        <translation>Beklenen kullanım</translation>
    </message>
    <message>
        <source>Units to prepare</source>
        <translation>Hazırlanacak adet</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>Maliyet</translation>
    </message>
    <message>
        <source>Reading the guests…</source>
        <translation>Misafirler okunuyor…</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Kime</translation>
    </message>
    <message>
        <source>No segments yet: they appear after the first segment run.</source>
        <translation>Henüz segment yok: ilk segment hesaplamasından sonra görünürler.</translation>
    </message>
    <message>
        <source>The guests could not be read: %1</source>
        <translation>Misafirler okunamadı: %1</translation>
    </message>
    <message>
        <source>This offer cannot be planned: %1</source>
        <translation>Bu teklif planlanamıyor: %1</translation>
    </message>
    <message>
        <source>Tick one or more segments on the left.</source>
        <translation>Soldan bir veya daha fazla segment seçin.</translation>
    </message>
    <message>
        <source>Prepare %1, not %2: counted over every guest of these segments (%3, gone and unreachable included), the same rate would ask for %2.</source>
        <translation>%2 değil, %1 hazırlayın: aynı oran bu segmentlerin tüm misafirlerine (%3, gitmiş ve ulaşılamayanlar dahil) uygulansaydı %2 gerekirdi.</translation>
    </message>
    <message>
        <source>Prepare %1 units.</source>
        <translation>%1 adet hazırlayın.</translation>
    </message>
    <message>
        <source>Reach: %1 guests are in the chosen segments; %2 of them are Gone and left out (erased guests are never counted).</source>
        <translation>Erişim: seçilen segmentlerde %1 misafir var; %2 tanesi Giden ve dışarıda bırakıldı (silinen misafirler hiç sayılmaz).</translation>
    </message>
    <message>
        <source>Handed over at the counter: no consent is needed.</source>
        <translation>Kasada verilir: izin gerekmez.</translation>
    </message>
    <message>
        <source>%1 active guests did not agree to this channel and are left out.</source>
        <translation>%1 aktif misafir bu kanala izin vermedi ve dışarıda bırakıldı.</translation>
    </message>
    <message>
        <source>Of %1 similar offers given before to guests now in these segments, %2 were used within %3 days (%4). The same share of the guests reached is expected.</source>
        <translation>Şu an bu segmentlerdeki misafirlere daha önce verilen %1 benzer tekliften %2 tanesi %3 gün içinde kullanıldı (%4). Ulaşılan misafirlerde aynı oran beklenir.</translation>
    </message>
    <message>
        <source>Too few similar offers so far (%1) to learn from. The visit model (BG/NBD, fitted on your visits) gives the chance that each reached guest comes at least once in the next %2 days; each guest who comes uses the offer once (%3 of the reach on average).</source>
        <translation>Öğrenmek için şimdiye kadar çok az benzer teklif var (%1). Ziyaret modeli (BG/NBD, sizin ziyaretlerinize göre) ulaşılan her misafirin önümüzdeki %2 günde en az bir kez gelme olasılığını verir; gelen her misafir teklifi bir kez kullanır (ortalama erişimin %3 kadarı).</translation>
    </message>
    <message>
        <source>Too few similar offers and too few returning guests for a visit model: each guest is expected to come at their own rate of the last year, over %1 days, and to use the offer at most once (%2 of the reach).</source>
        <translation>Benzer teklif de, ziyaret modeli için geri dönen misafir de çok az: her misafirin son bir yıldaki kendi sıklığıyla %1 gün içinde gelmesi ve teklifi en fazla bir kez kullanması beklenir (erişimin %2 kadarı).</translation>
    </message>
    <message>
        <source>Units = expected redemptions rounded up; cost = units × %1.</source>
        <translation>Adet = beklenen kullanım, yukarı yuvarlanmış; maliyet = adet × %1.</translation>
    </message>
</context>
<context>
    <name>PrinterForm</name>
    <message>
        <source>No voucher printer</source>
        <translation>Kupon yazıcısı yok</translation>
    </message>
    <message>
        <source>A printer of this computer</source>
        <translation>Bu bilgisayarın bir yazıcısı</translation>
    </message>
    <message>
        <source>Receipt printer on the network</source>
        <translation>Ağdaki fiş yazıcısı</translation>
    </message>
    <message>
        <source>Receipt printer on a serial or USB port</source>
        <translation>Seri veya USB porttaki fiş yazıcısı</translation>
    </message>
    <message>
        <source>Receipt printer device file</source>
        <translation>Fiş yazıcısı aygıt dosyası</translation>
    </message>
    <message>
        <source>e.g. 192.168.1.50</source>
        <translation>ör. 192.168.1.50</translation>
    </message>
    <message>
        <source>80 mm receipt</source>
        <translation>80 mm fiş</translation>
    </message>
    <message>
        <source>58 mm receipt</source>
        <translation>58 mm fiş</translation>
    </message>
    <message>
        <source>A4 sheet of eight</source>
        <translation>A4 sayfada sekiz kupon</translation>
    </message>
    <message>
        <source>Voucher printer</source>
        <translation>Kupon yazıcısı</translation>
    </message>
    <message>
        <source>Printer</source>
        <translation>Yazıcı</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adres</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Hız</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Aygıt</translation>
    </message>
    <message>
        <source>Paper</source>
        <translation>Kâğıt</translation>
    </message>
</context>
<context>
    <name>PrintersSection</name>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>Print test page</source>
        <translation>Deneme sayfası yazdır</translation>
    </message>
    <message>
        <source>Voucher printer of this computer</source>
        <translation>Bu bilgisayarın kupon yazıcısı</translation>
    </message>
    <message>
        <source>The test page shows the Turkish letters, a barcode and a QR code, and a receipt printer cuts the paper after it. Scan its barcode at the counter to check the card reader too: the till answers that no such voucher exists.</source>
        <translation>Deneme sayfasında Türkçe harfler, bir barkod ve bir QR kod bulunur; fiş yazıcısı ardından kâğıdı keser. Kart okuyucuyu da denemek için barkodu kasada okutun: kasa böyle bir kupon olmadığını söyler.</translation>
    </message>
    <message>
        <source>Printers</source>
        <translation>Yazıcılar</translation>
    </message>
    <message>
        <source>Fill in where the printer is.</source>
        <translation>Yazıcının nerede olduğunu girin.</translation>
    </message>
    <message>
        <source>Saved: the counter prints vouchers here.</source>
        <translation>Kaydedildi: kasa kuponları bu yazıcıdan basar.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Kaydedildi.</translation>
    </message>
    <message>
        <source>Choose a printer and fill in where it is.</source>
        <translation>Bir yazıcı seçin ve nerede olduğunu girin.</translation>
    </message>
    <message>
        <source>Printing the test page…</source>
        <translation>Deneme sayfası yazdırılıyor…</translation>
    </message>
    <message>
        <source>The printer took the test page. Check the letters, scan the barcode.</source>
        <translation>Yazıcı deneme sayfasını aldı. Harfleri kontrol edin, barkodu okutun.</translation>
    </message>
</context>
<context>
    <name>Privacy</name>
    <message>
        <source>Access (a copy of the data)</source>
        <translation>Bilgi talebi (verilerin kopyası)</translation>
    </message>
    <message>
        <source>Erasure</source>
        <translation>Silme</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Düzeltme</translation>
    </message>
</context>
<context>
    <name>PrivacySection</name>
    <message>
        <source>Personal data (KVKK)</source>
        <translation>Kişisel veriler (KVKK)</translation>
    </message>
    <message>
        <source>No requests yet.</source>
        <translation>Henüz başvuru yok.</translation>
    </message>
    <message>
        <source>Add request…</source>
        <translation>Başvuru ekle…</translation>
    </message>
    <message>
        <source>Close selected…</source>
        <translation>Seçileni kapat…</translation>
    </message>
    <message>
        <source>Requests (answer within 30 days)</source>
        <translation>Başvurular (30 gün içinde yanıtlanır)</translation>
    </message>
    <message>
        <source>Card number</source>
        <translation>Kart numarası</translation>
    </message>
    <message>
        <source>Export the guest&apos;s data…</source>
        <translation>Misafirin verilerini dışa aktar…</translation>
    </message>
    <message>
        <source>Erase the guest…</source>
        <translation>Misafiri sil…</translation>
    </message>
    <message>
        <source>A guest&apos;s data, by card</source>
        <translation>Bir misafirin verileri (karta göre)</translation>
    </message>
    <message>
        <source>No guest has been anonymised yet.</source>
        <translation>Henüz anonimleştirilen misafir yok.</translation>
    </message>
    <message>
        <source>Destruction log</source>
        <translation>İmha kayıtları</translation>
    </message>
    <message>
        <source>Automatic anonymisation of inactive guests is off.</source>
        <translation>Gelmeyen misafirlerin otomatik anonimleştirilmesi kapalı.</translation>
    </message>
    <message numerus="yes">
        <source>Every night, guests with no visit for more than %n year(s) are anonymised (now: those last seen before %1).</source>
        <translation>
            <numerusform>Her gece, %n yıldan uzun süredir gelmeyen misafirler anonimleştirilir (şu an: son gelişi %1 tarihinden önce olanlar).</numerusform>
        </translation>
    </message>
    <message>
        <source>Request added.</source>
        <translation>Başvuru eklendi.</translation>
    </message>
    <message>
        <source>Close the request</source>
        <translation>Başvuruyu kapat</translation>
    </message>
    <message>
        <source>What was done (optional):</source>
        <translation>Ne yapıldı (isteğe bağlı):</translation>
    </message>
    <message>
        <source>Request closed.</source>
        <translation>Başvuru kapatıldı.</translation>
    </message>
    <message>
        <source>Type or scan the guest&apos;s card number first.</source>
        <translation>Önce misafirin kart numarasını yazın ya da okutun.</translation>
    </message>
    <message>
        <source>Save the guest&apos;s data</source>
        <translation>Misafirin verilerini kaydet</translation>
    </message>
    <message>
        <source>JSON files (*.json)</source>
        <translation>JSON dosyaları (*.json)</translation>
    </message>
    <message>
        <source>Saved: %1</source>
        <translation>Kaydedildi: %1</translation>
    </message>
    <message>
        <source>Erase the guest</source>
        <translation>Misafiri sil</translation>
    </message>
    <message>
        <source>Erase the guest holding card %1 for good? The name, contact details, family and consents are removed; visits stay in the totals anonymously. This cannot be undone.</source>
        <translation>%1 numaralı kartın sahibi olan misafir kalıcı olarak silinsin mi? Adı, iletişim bilgileri, ailesi ve izinleri kaldırılır; ziyaretleri toplamlarda anonim olarak kalır. Bu işlem geri alınamaz.</translation>
    </message>
    <message>
        <source>The guest was erased.</source>
        <translation>Misafir silindi.</translation>
    </message>
    <message>
        <source>No guest holds this card (or the guest was already erased).</source>
        <translation>Bu kart hiçbir misafire ait değil (ya da misafir zaten silindi).</translation>
    </message>
    <message>
        <source>The request could not be saved: %1</source>
        <translation>Başvuru kaydedilemedi: %1</translation>
    </message>
</context>
<context>
    <name>ReaderDialog</name>
    <message>
        <source>Card reader</source>
        <translation>Kart okuyucu</translation>
    </message>
    <message>
        <source>Card reader settings</source>
        <translation>Kart okuyucu ayarları</translation>
    </message>
    <message>
        <source>No serial reader</source>
        <translation>Seri okuyucu yok</translation>
    </message>
    <message>
        <source>Automatic (CR, LF, CR LF or STX…ETX)</source>
        <translation>Otomatik (CR, LF, CR LF veya STX…ETX)</translation>
    </message>
    <message>
        <source>CR</source>
        <translation>CR</translation>
    </message>
    <message>
        <source>LF</source>
        <translation>LF</translation>
    </message>
    <message>
        <source>CR LF</source>
        <translation>CR LF</translation>
    </message>
    <message>
        <source>STX … ETX</source>
        <translation>STX … ETX</translation>
    </message>
    <message>
        <source>Remove the AIM prefix (]E0, ]C0 …)</source>
        <translation>AIM önekini kaldır (]E0, ]C0 …)</translation>
    </message>
    <message>
        <source> s</source>
        <translation> sn</translation>
    </message>
    <message>
        <source>none</source>
        <translation>yok</translation>
    </message>
    <message>
        <source> characters</source>
        <translation> karakter</translation>
    </message>
    <message>
        <source>Port</source>
        <translation>Port</translation>
    </message>
    <message>
        <source>Speed (baud)</source>
        <translation>Hız (baud)</translation>
    </message>
    <message>
        <source>End of a code</source>
        <translation>Kodun sonu</translation>
    </message>
    <message>
        <source>Same code again within</source>
        <translation>Aynı kod tekrarı süresi</translation>
    </message>
    <message>
        <source>Prefix</source>
        <translation>Önek</translation>
    </message>
    <message>
        <source>Suffix</source>
        <translation>Sonek</translation>
    </message>
    <message>
        <source>Shortest code</source>
        <translation>En kısa kod</translation>
    </message>
    <message>
        <source>Pick a detected port, or type one: COM3, /dev/ttyACM0, socket://host:port. A code read again within the window counts once.</source>
        <translation>Bulunan bir bağlantı noktasını seçin ya da yazın: COM3, /dev/ttyACM0, socket://host:port. Bu süre içinde yeniden okunan kod bir kez sayılır.</translation>
    </message>
    <message>
        <source>USB scanners in keyboard mode type the code and Enter. Set what the scanner adds before and after the code, if anything.</source>
        <translation>Klavye modundaki USB okuyucular kodu yazıp Enter&apos;a basar. Okuyucu kodun önüne veya arkasına bir şey ekliyorsa burada belirtin.</translation>
    </message>
    <message>
        <source>Scan log…</source>
        <translation>Okutma kaydı…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Vazgeç</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>Serial reader</source>
        <translation>Seri okuyucu</translation>
    </message>
    <message>
        <source>Keyboard-mode scanner</source>
        <translation>Klavye modunda okuyucu</translation>
    </message>
    <message>
        <source>Now: simulated scanner (demo) on %1</source>
        <translation>Şu an: %1 üzerinde benzetilmiş okuyucu (demo)</translation>
    </message>
    <message>
        <source>Now: connected to %1</source>
        <translation>Şu an: %1 bağlı</translation>
    </message>
    <message>
        <source>Now: connecting to %1…</source>
        <translation>Şu an: %1 bağlanıyor…</translation>
    </message>
    <message>
        <source>Now: %1 is disconnected; reconnecting</source>
        <translation>Şu an: %1 bağlı değil; yeniden bağlanıyor</translation>
    </message>
    <message>
        <source>Now: no serial reader; cards are scanned by keyboard or typed.</source>
        <translation>Şu an: seri okuyucu yok; kartlar klavye modunda okutulur veya elle yazılır.</translation>
    </message>
</context>
<context>
    <name>ReportsSection</name>
    <message>
        <source>Segment overview</source>
        <translation>Segment özeti</translation>
    </message>
    <message>
        <source>Daily counter summary</source>
        <translation>Günlük kasa özeti</translation>
    </message>
    <message>
        <source>Guests of a segment</source>
        <translation>Bir segmentin misafirleri</translation>
    </message>
    <message>
        <source>A guest&apos;s personal data</source>
        <translation>Bir misafirin kişisel verileri</translation>
    </message>
    <message>
        <source>Scenario results</source>
        <translation>Senaryo sonuçları</translation>
    </message>
    <message>
        <source>Scan or type the card number</source>
        <translation>Kart numarasını okutun veya yazın</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Önizle</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Yazdır…</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>PDF olarak kaydet…</translation>
    </message>
    <message>
        <source>Choose a report on the left, then Preview.</source>
        <translation>Soldan bir rapor seçin, sonra Önizle&apos;ye basın.</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapor</translation>
    </message>
    <message>
        <source>Day</source>
        <translation>Gün</translation>
    </message>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kart</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>Dil</translation>
    </message>
    <message>
        <source>Reports</source>
        <translation>Raporlar</translation>
    </message>
    <message>
        <source>Segment sizes, revenue share and trend, the moves of the last 30 days and the alerts, as of the day chosen.</source>
        <translation>Seçilen güne göre segment büyüklükleri, ciro payı ve eğilim, son 30 günün geçişleri ve uyarılar.</translation>
    </message>
    <message>
        <source>The counter&apos;s day: visits, revenue, points earned and used, vouchers, busy hours and categories.</source>
        <translation>Kasanın günü: ziyaretler, ciro, kazanılan ve kullanılan puanlar, çekler, yoğun saatler ve kategoriler.</translation>
    </message>
    <message>
        <source>The segment&apos;s guests, biggest spenders first; phone and e-mail only where the guest agreed to be contacted.</source>
        <translation>Segmentin misafirleri, en çok harcayan önce; telefon ve e-posta yalnızca misafir iletişime izin verdiyse.</translation>
    </message>
    <message>
        <source>Everything stored about one guest, for a personal-data (KVKK) request.</source>
        <translation>Bir misafir hakkında saklanan her şey, kişisel veri (KVKK) başvurusu için.</translation>
    </message>
    <message>
        <source>How each scenario&apos;s guests answered, with the lift it made.</source>
        <translation>Her senaryonun misafirlerinin tepkisi ve sağladığı artış.</translation>
    </message>
    <message>
        <source>Making the report…</source>
        <translation>Rapor hazırlanıyor…</translation>
    </message>
    <message>
        <source>Page %1</source>
        <translation>Sayfa %1</translation>
    </message>
    <message numerus="yes">
        <source>%n page(s).</source>
        <translation>
            <numerusform>%n sayfa.</numerusform>
        </translation>
    </message>
    <message>
        <source>Save the report</source>
        <translation>Raporu kaydet</translation>
    </message>
    <message>
        <source>PDF documents (*.pdf)</source>
        <translation>PDF belgeleri (*.pdf)</translation>
    </message>
    <message>
        <source>Saved as %1.</source>
        <translation>%1 olarak kaydedildi.</translation>
    </message>
    <message>
        <source>The report could not be saved there: %1</source>
        <translation>Rapor oraya kaydedilemedi: %1</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Yazdırılıyor…</translation>
    </message>
    <message>
        <source>Printing the report…</source>
        <translation>Rapor yazdırılıyor…</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Yazıcıya gönderildi.</translation>
    </message>
</context>
<context>
    <name>RequestDialog</name>
    <message>
        <source>New personal-data request</source>
        <translation>Yeni kişisel veri başvurusu</translation>
    </message>
    <message>
        <source>Who asked, how, what for</source>
        <translation>Kim, nasıl, ne için başvurdu</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Tür</translation>
    </message>
    <message>
        <source>Received on</source>
        <translation>Geliş tarihi</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <source>The answer is due 30 days after the request came.</source>
        <translation>Yanıt, başvurunun gelişinden itibaren 30 gün içinde verilmelidir.</translation>
    </message>
</context>
<context>
    <name>RequestsModel</name>
    <message>
        <source>Request</source>
        <translation>Başvuru</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Geliş</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>Son gün</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>Not</translation>
    </message>
    <message>
        <source>Closed %1</source>
        <translation>Kapatıldı %1</translation>
    </message>
    <message>
        <source>Overdue</source>
        <translation>Süresi geçti</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>Açık</translation>
    </message>
</context>
<context>
    <name>ResultModel</name>
    <message>
        <source>Scenario</source>
        <translation>Senaryo</translation>
    </message>
    <message>
        <source>Guests
T / C</source>
        <translation>Misafir
U / K</translation>
    </message>
    <message>
        <source>Came back
T / C</source>
        <translation>Geri geldi
U / K</translation>
    </message>
    <message>
        <source>Lift, points
(95 % interval)</source>
        <translation>Fark, puan
(95 % aralık)</translation>
    </message>
    <message>
        <source>Revenue / guest
T / C</source>
        <translation>Ciro / misafir
U / K</translation>
    </message>
    <message>
        <source>Used /
cost</source>
        <translation>Kullanılan /
maliyet</translation>
    </message>
    <message>
        <source>Net
effect</source>
        <translation>Net
etki</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Sonuç</translation>
    </message>
    <message>
        <source>No guest met yet</source>
        <translation>Henüz misafire ulaşmadı</translation>
    </message>
    <message>
        <source>Difference in the share of guests who came back within %1 days, treated minus control, with its 95 % confidence interval (Newcombe&apos;s hybrid score method).</source>
        <translation>%1 gün içinde geri gelen misafir oranlarının farkı (ulaşılan eksi kontrol), 95 % güven aralığıyla (Newcombe karma skor yöntemi).</translation>
    </message>
</context>
<context>
    <name>RewardsSection</name>
    <message>
        <source>Save as new version</source>
        <translation>Yeni sürüm olarak kaydet</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Değişiklikleri geri al</translation>
    </message>
    <message>
        <source>Check the effect on points</source>
        <translation>Puanlara etkisini gör</translation>
    </message>
    <message>
        <source>No.</source>
        <translation>No.</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Başlangıç</translation>
    </message>
    <message>
        <source>Cashback</source>
        <translation>Para iadesi</translation>
    </message>
    <message>
        <source>Welcome</source>
        <translation>Hoş geldin</translation>
    </message>
    <message>
        <source>Expiry</source>
        <translation>Süre</translation>
    </message>
    <message>
        <source>Reward rules</source>
        <translation>Ödül kuralları</translation>
    </message>
    <message>
        <source>A change applies to visits from the moment it is saved, as a new version. Points already issued keep the expiry they were issued with.</source>
        <translation>Bir değişiklik, yeni bir sürüm olarak kaydedildiği andan itibaren ziyaretlere uygulanır. Daha önce verilmiş puanlar verildikleri andaki son kullanma tarihini korur.</translation>
    </message>
    <message>
        <source>Rules</source>
        <translation>Kurallar</translation>
    </message>
    <message>
        <source>The visit that moves a guest up earns the new segment&apos;s cashback. The welcome bonus is booked at enrolment and can be spent from the guest&apos;s second visit, until it expires.</source>
        <translation>Misafiri üst segmente taşıyan ziyaret, yeni segmentin para iadesini kazanır. Hoş geldin puanı kayıtta yüklenir ve süresi dolana kadar misafirin ikinci ziyaretinden itibaren kullanılabilir.</translation>
    </message>
    <message>
        <source>Effect on points</source>
        <translation>Puanlara etkisi</translation>
    </message>
    <message>
        <source>Versions</source>
        <translation>Sürümler</translation>
    </message>
    <message>
        <source>Change a rule, then check what it does to the points guests hold.</source>
        <translation>Bir kuralı değiştirin, sonra misafirlerin elindeki puanlara ne yaptığını görün.</translation>
    </message>
    <message>
        <source>from the start</source>
        <translation>başlangıçtan beri</translation>
    </message>
    <message>
        <source>%1 days</source>
        <translation>%1 gün</translation>
    </message>
    <message>
        <source>Nothing to save: no rule was changed.</source>
        <translation>Kaydedilecek bir şey yok: hiçbir kural değişmedi.</translation>
    </message>
    <message>
        <source>Working out the effect on points…</source>
        <translation>Puanlara etkisi hesaplanıyor…</translation>
    </message>
    <message>
        <source>Guests hold %1 of points. They keep the expiry they were issued with: %2 of them expire within 30 days whatever you choose here.</source>
        <translation>Misafirlerin elinde %1 tutarında puan var. Bu puanlar verildikleri andaki son kullanma tarihini korur: burada ne seçerseniz seçin %2 tutarındaki kısmı 30 gün içinde sona erer.</translation>
    </message>
    <message>
        <source>Points earned from now on expire after %1 days (until now: %2).</source>
        <translation>Bundan sonra kazanılan puanların süresi %1 gün sonra dolar (şimdiye kadar: %2).</translation>
    </message>
    <message>
        <source>Points expire after %1 days, as before.</source>
        <translation>Puanların süresi, önceden olduğu gibi %1 gün sonra dolar.</translation>
    </message>
    <message>
        <source>Save the reward rules</source>
        <translation>Ödül kurallarını kaydet</translation>
    </message>
    <message>
        <source>Save these rules as a new version? They apply from now on.</source>
        <translation>Bu kurallar yeni bir sürüm olarak kaydedilsin mi? Şu andan itibaren geçerli olurlar.</translation>
    </message>
    <message>
        <source>Not saved.</source>
        <translation>Kaydedilmedi.</translation>
    </message>
    <message>
        <source>Saved as version %1.</source>
        <translation>%1. sürüm olarak kaydedildi.</translation>
    </message>
</context>
<context>
    <name>RfmMapModel</name>
    <message>
        <source>Group</source>
        <translation>Grup</translation>
    </message>
    <message>
        <source>R from</source>
        <translation>R en az</translation>
    </message>
    <message>
        <source>R to</source>
        <translation>R en çok</translation>
    </message>
    <message>
        <source>F from</source>
        <translation>F en az</translation>
    </message>
    <message>
        <source>F to</source>
        <translation>F en çok</translation>
    </message>
    <message>
        <source>Guests whose R and F scores fall in these ranges (first match wins)</source>
        <translation>R ve F puanları bu aralıklarda olan misafirler (ilk eşleşen satır geçerlidir)</translation>
    </message>
</context>
<context>
    <name>RulesForm</name>
    <message>
        <source> days</source>
        <translation> gün</translation>
    </message>
    <message>
        <source>any</source>
        <translation>hepsi</translation>
    </message>
    <message>
        <source>Lifecycle (first matching rule wins, from the top)</source>
        <translation>Yaşam döngüsü (yukarıdan ilk eşleşen kural geçerlidir)</translation>
    </message>
    <message>
        <source>visits in 30 days ≥</source>
        <translation>30 günde ziyaret ≥</translation>
    </message>
    <message>
        <source>average bill ≥</source>
        <translation>ort. hesap ≥</translation>
    </message>
    <message>
        <source>first visit within</source>
        <translation>ilk ziyaret en fazla</translation>
    </message>
    <message>
        <source>one visit, no return for</source>
        <translation>tek ziyaret, dönmeden</translation>
    </message>
    <message>
        <source>days away ≥</source>
        <translation>gelmeme ≥</translation>
    </message>
    <message>
        <source>Adaptive: at risk only after twice the guest&apos;s own usual gap</source>
        <translation>Uyarlanır: misafir olağan aralığının iki katı gelmeyince risk altında</translation>
    </message>
    <message>
        <source>VIP and Loyal use the average bill of the last 30 days, At risk and Lost the lifetime average. Everyone else is Regular.</source>
        <translation>VIP ve Sadık son 30 günün ortalama hesabına, Risk altında ve Kaybedilen tüm zamanların ortalamasına bakar. Diğer herkes Düzenli olur.</translation>
    </message>
    <message>
        <source>RFM groups (scores 1–5; first matching row wins)</source>
        <translation>RFM grupları (puanlar 1–5; ilk eşleşen satır geçerlidir)</translation>
    </message>
    <message>
        <source>ABC, basket and birthdays</source>
        <translation>ABC, sepet ve doğum günleri</translation>
    </message>
    <message>
        <source>A: the top guests making</source>
        <translation>A: gelirin</translation>
    </message>
    <message>
        <source>of revenue; B: up to</source>
        <translation>kısmını getiren en iyi misafirler; B: en fazla</translation>
    </message>
    <message>
        <source>Category lover: one category ≥</source>
        <translation>Kategori sever: tek kategori ≥</translation>
    </message>
    <message>
        <source>of spend, over at least</source>
        <translation>harcamanın, en az</translation>
    </message>
    <message>
        <source>visits</source>
        <translation>ziyarette</translation>
    </message>
    <message>
        <source>Birthday soon: within</source>
        <translation>Doğum günü yakın: en fazla</translation>
    </message>
</context>
<context>
    <name>RulesSection</name>
    <message>
        <source>Segment rules</source>
        <translation>Segment kuralları</translation>
    </message>
    <message>
        <source>Change a threshold and see at once how many guests would move. Nothing changes until you save; then every guest is segmented again in the background.</source>
        <translation>Bir eşiği değiştirin, kaç misafirin yer değiştireceğini hemen görün. Kaydedene kadar hiçbir şey değişmez; kaydedince tüm misafirler arka planda yeniden segmentlenir.</translation>
    </message>
    <message>
        <source>Nobody moves yet: change a threshold on the left.</source>
        <translation>Henüz kimse yer değiştirmiyor: soldan bir eşiği değiştirin.</translation>
    </message>
    <message>
        <source>Reading the guests…</source>
        <translation>Misafirler okunuyor…</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Değişiklikleri geri al</translation>
    </message>
    <message>
        <source>Shipped rules</source>
        <translation>Varsayılan kurallar</translation>
    </message>
    <message>
        <source>Save as new version</source>
        <translation>Yeni sürüm olarak kaydet</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>Ön izleme</translation>
    </message>
    <message>
        <source>Guests who would move</source>
        <translation>Yer değiştirecek misafirler</translation>
    </message>
    <message>
        <source>The guests could not be read: %1</source>
        <translation>Misafirler okunamadı: %1</translation>
    </message>
    <message>
        <source>The shipped rules (never changed)</source>
        <translation>Varsayılan kurallar (hiç değiştirilmedi)</translation>
    </message>
    <message>
        <source>Version %1, saved %2 by %3</source>
        <translation>Sürüm %1, %2 tarihinde %3 kaydetti</translation>
    </message>
    <message>
        <source>the system</source>
        <translation>sistem</translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Sayılıyor…</translation>
    </message>
    <message>
        <source>%1 guests as of today, under the rules in force.</source>
        <translation>Bugün itibarıyla %1 misafir, geçerli kurallarla.</translation>
    </message>
    <message>
        <source>With the edit, %1 of %2 guests change segment (%3 in the lifecycle).</source>
        <translation>Bu değişiklikle %2 misafirden %1 tanesi segment değiştirir (yaşam döngüsünde %3).</translation>
    </message>
    <message>
        <source>Reading each guest&apos;s usual gap between visits…</source>
        <translation>Her misafirin ziyaretleri arasındaki olağan süre okunuyor…</translation>
    </message>
    <message>
        <source>At risk must start before Lost, and Lost before Gone.</source>
        <translation>Risk altında Kaybedilen&apos;den, Kaybedilen de Giden&apos;den önce başlamalı.</translation>
    </message>
    <message>
        <source>Loyal cannot need more visits than VIP.</source>
        <translation>Sadık için VIP&apos;ten fazla ziyaret istenemez.</translation>
    </message>
    <message>
        <source>The A share must be smaller than the A+B share.</source>
        <translation>A payı A+B payından küçük olmalı.</translation>
    </message>
    <message>
        <source>In the RFM map, each &apos;from&apos; must not exceed its &apos;to&apos;.</source>
        <translation>RFM tablosunda her &apos;en az&apos; kendi &apos;en çok&apos; değerini aşmamalı.</translation>
    </message>
    <message>
        <source>These rules cannot be saved: %1</source>
        <translation>Bu kurallar kaydedilemez: %1</translation>
    </message>
    <message>
        <source>Saved as version %1. Segments are being recomputed in the background.</source>
        <translation>Sürüm %1 olarak kaydedildi. Segmentler arka planda yeniden hesaplanıyor.</translation>
    </message>
    <message>
        <source>Only the owner can change the rules.</source>
        <translation>Kuralları yalnızca işletme sahibi değiştirebilir.</translation>
    </message>
</context>
<context>
    <name>SavedModel</name>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Guests</source>
        <translation>Misafir</translation>
    </message>
</context>
<context>
    <name>ScanLogDialog</name>
    <message>
        <source>Scan log</source>
        <translation>Okutma kaydı</translation>
    </message>
    <message numerus="yes">
        <source>Last %n scan(s)</source>
        <translation>
            <numerusform>Son %n okutma</numerusform>
        </translation>
    </message>
    <message>
        <source>Times are the venue&apos;s local time (%1).</source>
        <translation>Saatler işletmenin yerel saatidir (%1).</translation>
    </message>
    <message>
        <source>Loading…</source>
        <translation>Yükleniyor…</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>Yenile</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>No scans yet.</source>
        <translation>Henüz okutma yok.</translation>
    </message>
    <message numerus="yes">
        <source>%n scan(s) shown</source>
        <translation>
            <numerusform>%n okutma gösteriliyor</numerusform>
        </translation>
    </message>
    <message>
        <source>Could not read the scan log: %1</source>
        <translation>Okutma kaydı okunamadı: %1</translation>
    </message>
</context>
<context>
    <name>ScanLogModel</name>
    <message>
        <source>Time</source>
        <translation>Saat</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Sonuç</translation>
    </message>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Received</source>
        <translation>Gelen veri</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Neden</translation>
    </message>
</context>
<context>
    <name>ScenarioModel</name>
    <message>
        <source>Scenario</source>
        <translation>Senaryo</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Ne zaman</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Açık</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Kapalı</translation>
    </message>
    <message>
        <source>budget %1 a month</source>
        <translation>aylık bütçe %1</translation>
    </message>
    <message>
        <source>Voucher %1</source>
        <translation>%1 çek</translation>
    </message>
    <message>
        <source>Voucher %1–%2 by value</source>
        <translation>Değere göre %1–%2 çek</translation>
    </message>
    <message>
        <source>Message only</source>
        <translation>Yalnızca mesaj</translation>
    </message>
</context>
<context>
    <name>ScenariosSection</name>
    <message>
        <source>Choose a scenario.</source>
        <translation>Bir senaryo seçin.</translation>
    </message>
    <message>
        <source>Cost of the next run</source>
        <translation>Sonraki çalışmanın maliyeti</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Kaydet</translation>
    </message>
    <message>
        <source>Switch on</source>
        <translation>Aç</translation>
    </message>
    <message>
        <source>Add from template</source>
        <translation>Şablondan ekle</translation>
    </message>
    <message>
        <source>T: guests a scenario met (treated); C: the share held out at random (control), over the 30 days after. The lift is the difference in the share who came back, in percentage points, with its 95 % confidence interval (Newcombe&apos;s method). Below 30 guests in a group no conclusion is drawn.</source>
        <translation>U: senaryonun ulaştığı misafirler; K: rastgele ayrılan kontrol grubu; ulaşıldıktan sonraki 30 gün. Fark, geri gelen misafir oranlarının yüzde puan farkıdır, 95 % güven aralığıyla (Newcombe yöntemi). Bir grupta 30 misafirden az varsa sonuç çıkarılmaz.</translation>
    </message>
    <message>
        <source>Messages go out only on a channel the guest consents to. E-mails are sent over the venue&apos;s SMTP server (boostdesk outbox send); SMS messages and the İYS list are exported for the SMS gateway (boostdesk outbox export sms|iys).</source>
        <translation>Mesajlar yalnızca misafirin izin verdiği kanaldan gider. E-postalar işletmenin SMTP sunucusuyla gönderilir (boostdesk outbox send); SMS mesajları ve İYS listesi SMS sağlayıcısı için dışa aktarılır (boostdesk outbox export sms|iys).</translation>
    </message>
    <message>
        <source>Scenarios</source>
        <translation>Senaryolar</translation>
    </message>
    <message>
        <source>Results</source>
        <translation>Sonuçlar</translation>
    </message>
    <message>
        <source>Outbox</source>
        <translation>Giden kutusu</translation>
    </message>
    <message>
        <source>Retention scenarios</source>
        <translation>Elde tutma senaryoları</translation>
    </message>
    <message>
        <source>No message has been queued yet.</source>
        <translation>Henüz sıraya mesaj girmedi.</translation>
    </message>
    <message>
        <source>Switch off</source>
        <translation>Kapat</translation>
    </message>
    <message>
        <source>Before switching it on, check what its next run would cost.</source>
        <translation>Açmadan önce sonraki çalışmanın maliyetine bakın.</translation>
    </message>
    <message>
        <source>Check the scenario: %1</source>
        <translation>Senaryoyu kontrol edin: %1</translation>
    </message>
    <message>
        <source>Working out the next run…</source>
        <translation>Sonraki çalışma hesaplanıyor…</translation>
    </message>
    <message>
        <source>Next run: %1 guests meet it, %2 held out; %3 vouchers, %4 messages; cost %5.</source>
        <translation>Sonraki çalışma: %1 misafir, %2 kontrol grubunda; %3 çek, %4 mesaj; maliyet %5.</translation>
    </message>
    <message>
        <source>Left out: %1 rewarded lately, %2 over the budget, %3 without consent.</source>
        <translation>Dışarıda kalan: yakın zamanda ödül alan %1, bütçeyi aşan %2, izni olmayan %3.</translation>
    </message>
    <message>
        <source>Saved.</source>
        <translation>Kaydedildi.</translation>
    </message>
</context>
<context>
    <name>SegmentBuilder</name>
    <message>
        <source>Visits (all time)</source>
        <translation>Ziyaret (tüm zamanlar)</translation>
    </message>
    <message>
        <source>Visits in the last 30 days</source>
        <translation>Son 30 günde ziyaret</translation>
    </message>
    <message>
        <source>Visits in the last 365 days</source>
        <translation>Son 365 günde ziyaret</translation>
    </message>
    <message>
        <source>Spend in the last 30 days</source>
        <translation>Son 30 günde harcama</translation>
    </message>
    <message>
        <source>Spend in the last 365 days</source>
        <translation>Son 365 günde harcama</translation>
    </message>
    <message>
        <source>Spend (all time)</source>
        <translation>Harcama (tüm zamanlar)</translation>
    </message>
    <message>
        <source>Average bill</source>
        <translation>Ortalama hesap</translation>
    </message>
    <message>
        <source>Days since the last visit</source>
        <translation>Son ziyaretten bu yana gün</translation>
    </message>
    <message>
        <source>Days since the first visit</source>
        <translation>İlk ziyaretten bu yana gün</translation>
    </message>
    <message>
        <source>Days since enrolment</source>
        <translation>Kayıttan bu yana gün</translation>
    </message>
    <message>
        <source>Share of morning visits (%)</source>
        <translation>Sabah ziyaretlerinin payı (%)</translation>
    </message>
    <message>
        <source>Share of afternoon visits (%)</source>
        <translation>Öğleden sonra ziyaretlerinin payı (%)</translation>
    </message>
    <message>
        <source>Share of evening visits (%)</source>
        <translation>Akşam ziyaretlerinin payı (%)</translation>
    </message>
    <message>
        <source>Favourite category</source>
        <translation>En sevdiği kategori</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Yaş</translation>
    </message>
    <message>
        <source>Children</source>
        <translation>Çocuk sayısı</translation>
    </message>
    <message>
        <source>Vouchers redeemed</source>
        <translation>Kullanılan kupon</translation>
    </message>
    <message>
        <source>Registration source</source>
        <translation>Kayıt kaynağı</translation>
    </message>
    <message>
        <source>District</source>
        <translation>İlçe</translation>
    </message>
    <message>
        <source>City</source>
        <translation>Şehir</translation>
    </message>
    <message>
        <source>Agreed to SMS</source>
        <translation>SMS izni var</translation>
    </message>
    <message>
        <source>Agreed to e-mail</source>
        <translation>E-posta izni var</translation>
    </message>
    <message>
        <source>Agreed to calls</source>
        <translation>Arama izni var</translation>
    </message>
    <message>
        <source>P(alive), 0–1</source>
        <translation>Aktif olma olasılığı, 0–1</translation>
    </message>
    <message>
        <source>Expected visits in 30 days</source>
        <translation>30 günde beklenen ziyaret</translation>
    </message>
    <message>
        <source>12-month value (CLV)</source>
        <translation>12 aylık değer (CLV)</translation>
    </message>
    <message>
        <source>Spend on %1</source>
        <translation>%1 harcaması</translation>
    </message>
    <message>
        <source>Segment: %1</source>
        <translation>Segment: %1</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>evet</translation>
    </message>
    <message>
        <source>no</source>
        <translation>hayır</translation>
    </message>
    <message>
        <source>Remove this condition</source>
        <translation>Bu koşulu kaldır</translation>
    </message>
    <message>
        <source>is</source>
        <translation>şudur</translation>
    </message>
    <message>
        <source>is not</source>
        <translation>şu değildir</translation>
    </message>
    <message>
        <source> days</source>
        <translation> gün</translation>
    </message>
</context>
<context>
    <name>SegmentExplainer</name>
    <message numerus="yes">
        <source>%n visit(s) in 30 days, average bill %1</source>
        <translation>
            <numerusform>30 günde %n ziyaret, ortalama hesap %1</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s) in the last 30 days</source>
        <translation>
            <numerusform>Son 30 günde %n ziyaret</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>First visit within the last %n day(s)</source>
        <translation>
            <numerusform>İlk ziyareti son %n gün içinde</numerusform>
        </translation>
    </message>
    <message>
        <source>Enrolled; no visit yet</source>
        <translation>Kayıtlı; henüz ziyaret yok</translation>
    </message>
    <message numerus="yes">
        <source>One visit so far, %n day(s) ago</source>
        <translation>
            <numerusform>Şimdiye kadar tek ziyaret, %n gün önce</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last visit %n day(s) ago, longer than usual</source>
        <translation>
            <numerusform>Son ziyaret %n gün önce, alışılandan uzun</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last visit %n day(s) ago (lost after %1 days)</source>
        <translation>
            <numerusform>Son ziyaret %n gün önce (%1 günden itibaren: Kaybedilen)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Last visit %n day(s) ago (gone after %1 days)</source>
        <translation>
            <numerusform>Son ziyaret %n gün önce (%1 günden itibaren: Giden)</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>SegmentNames</name>
    <message>
        <source>Lifecycle</source>
        <translation>Yaşam döngüsü</translation>
    </message>
    <message>
        <source>RFM</source>
        <translation>RFM</translation>
    </message>
    <message>
        <source>Basket</source>
        <translation>Sepet</translation>
    </message>
    <message>
        <source>Age</source>
        <translation>Yaş</translation>
    </message>
    <message>
        <source>Gender</source>
        <translation>Cinsiyet</translation>
    </message>
    <message>
        <source>Family</source>
        <translation>Aile</translation>
    </message>
    <message>
        <source>Visit frequency</source>
        <translation>Ziyaret sıklığı</translation>
    </message>
    <message>
        <source>Campaigns</source>
        <translation>Kampanyalar</translation>
    </message>
    <message>
        <source>(first segment)</source>
        <translation>(ilk segment)</translation>
    </message>
    <message>
        <source>VIP</source>
        <translation>VIP</translation>
    </message>
    <message>
        <source>Loyal</source>
        <translation>Sadık</translation>
    </message>
    <message>
        <source>New</source>
        <translation>Yeni</translation>
    </message>
    <message>
        <source>Potential loyal</source>
        <translation>Potansiyel sadık</translation>
    </message>
    <message>
        <source>Regular</source>
        <translation>Düzenli</translation>
    </message>
    <message>
        <source>At risk</source>
        <translation>Risk altında</translation>
    </message>
    <message>
        <source>ABC</source>
        <translation>ABC</translation>
    </message>
    <message>
        <source>Custom segments</source>
        <translation>Özel segmentler</translation>
    </message>
    <message>
        <source>Lost</source>
        <translation>Kaybedilen</translation>
    </message>
    <message>
        <source>Gone</source>
        <translation>Giden</translation>
    </message>
    <message>
        <source>Registered</source>
        <translation>Kayıtlı</translation>
    </message>
    <message>
        <source>A (top revenue)</source>
        <translation>A (en yüksek gelir)</translation>
    </message>
    <message>
        <source>B</source>
        <translation>B</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>%1 lover</source>
        <translation>%1 sever</translation>
    </message>
    <message>
        <source>Mixed</source>
        <translation>Karışık</translation>
    </message>
    <message>
        <source>Too few visits</source>
        <translation>Az ziyaret</translation>
    </message>
    <message>
        <source>Champions</source>
        <translation>Şampiyonlar</translation>
    </message>
    <message>
        <source>Potential loyalist</source>
        <translation>Potansiyel sadık</translation>
    </message>
    <message>
        <source>Promising</source>
        <translation>Umut vadeden</translation>
    </message>
    <message>
        <source>Need attention</source>
        <translation>İlgi bekleyen</translation>
    </message>
    <message>
        <source>About to sleep</source>
        <translation>Uykuya dalmak üzere</translation>
    </message>
    <message>
        <source>Can&apos;t lose them</source>
        <translation>Kaybedilmemeli</translation>
    </message>
    <message>
        <source>Hibernating</source>
        <translation>Kış uykusunda</translation>
    </message>
    <message>
        <source>ABC class</source>
        <translation>ABC sınıfı</translation>
    </message>
    <message>
        <source>Average bill</source>
        <translation>Ortalama hesap</translation>
    </message>
    <message>
        <source>Time of day</source>
        <translation>Günün saati</translation>
    </message>
    <message>
        <source>Registered through</source>
        <translation>Kayıt kanalı</translation>
    </message>
    <message>
        <source>Prediction</source>
        <translation>Tahmin</translation>
    </message>
    <message>
        <source>Loyal customers</source>
        <translation>Sadık müşteriler</translation>
    </message>
    <message>
        <source>Potential loyalists</source>
        <translation>Potansiyel sadıklar</translation>
    </message>
    <message>
        <source>New customers</source>
        <translation>Yeni müşteriler</translation>
    </message>
    <message>
        <source>Coffee lover</source>
        <translation>Kahve sever</translation>
    </message>
    <message>
        <source>Tea lover</source>
        <translation>Çay sever</translation>
    </message>
    <message>
        <source>Food lover</source>
        <translation>Yemek sever</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Bilinmiyor</translation>
    </message>
    <message>
        <source>65 and over</source>
        <translation>65 ve üzeri</translation>
    </message>
    <message>
        <source>Female</source>
        <translation>Kadın</translation>
    </message>
    <message>
        <source>Male</source>
        <translation>Erkek</translation>
    </message>
    <message>
        <source>No family known</source>
        <translation>Aile bilgisi yok</translation>
    </message>
    <message>
        <source>With children</source>
        <translation>Çocuklu</translation>
    </message>
    <message>
        <source>With spouse</source>
        <translation>Eşli</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Yok</translation>
    </message>
    <message>
        <source>10 or more</source>
        <translation>10 ve üzeri</translation>
    </message>
    <message>
        <source>Under 100</source>
        <translation>100&apos;ün altı</translation>
    </message>
    <message>
        <source>400 and over</source>
        <translation>400 ve üzeri</translation>
    </message>
    <message>
        <source>Morning</source>
        <translation>Sabah</translation>
    </message>
    <message>
        <source>Afternoon</source>
        <translation>Öğleden sonra</translation>
    </message>
    <message>
        <source>Evening</source>
        <translation>Akşam</translation>
    </message>
    <message>
        <source>Not redeemed</source>
        <translation>Kullanılmadı</translation>
    </message>
    <message>
        <source>Redeemed</source>
        <translation>Kullanıldı</translation>
    </message>
    <message>
        <source>Counter</source>
        <translation>Kasa</translation>
    </message>
    <message>
        <source>Event</source>
        <translation>Etkinlik</translation>
    </message>
    <message>
        <source>Instagram</source>
        <translation>Instagram</translation>
    </message>
    <message>
        <source>Website</source>
        <translation>Web sitesi</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>İçe aktarma</translation>
    </message>
    <message>
        <source>Not fitted yet</source>
        <translation>Henüz hesaplanmadı</translation>
    </message>
</context>
<context>
    <name>SegmentsSection</name>
    <message>
        <source>Custom segments</source>
        <translation>Özel segmentler</translation>
    </message>
    <message>
        <source>Combine conditions on any metric; the count updates as you go. A saved segment is an audience for scenarios and promotions; its members are refreshed with every recompute.</source>
        <translation>Herhangi bir ölçüt üzerinde koşulları birleştirin; sayı siz değiştirdikçe güncellenir. Kaydedilen segment senaryolar ve kampanyalar için bir hedef kitledir; üyeleri her yeniden hesaplamada yenilenir.</translation>
    </message>
    <message>
        <source>New segment</source>
        <translation>Yeni segment</translation>
    </message>
    <message>
        <source>No segment yet. Start with one condition, e.g. visits in 30 days ≥ 3.</source>
        <translation>Henüz segment yok. Tek bir koşulla başlayın, ör. 30 günde ziyaret ≥ 3.</translation>
    </message>
    <message>
        <source>Name, e.g. Weekday morning regulars</source>
        <translation>Ad, ör. Hafta içi sabah müdavimleri</translation>
    </message>
    <message>
        <source>all conditions (AND)</source>
        <translation>tüm koşullar (VE)</translation>
    </message>
    <message>
        <source>any condition (OR)</source>
        <translation>herhangi bir koşul (VEYA)</translation>
    </message>
    <message>
        <source>+ Add condition</source>
        <translation>+ Koşul ekle</translation>
    </message>
    <message>
        <source>Reading the guests…</source>
        <translation>Misafirler okunuyor…</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Sil</translation>
    </message>
    <message>
        <source>Save segment</source>
        <translation>Segmenti kaydet</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Guests matching</source>
        <translation>Eşleşen misafirler:</translation>
    </message>
    <message>
        <source>The guests could not be read: %1</source>
        <translation>Misafirler okunamadı: %1</translation>
    </message>
    <message numerus="yes">
        <source>%n group(s) of conditions made elsewhere are kept as saved.</source>
        <translation>
            <numerusform>Başka yerde oluşturulmuş %n koşul grubu kaydedildiği gibi korunur.</numerusform>
        </translation>
    </message>
    <message>
        <source>Counting…</source>
        <translation>Sayılıyor…</translation>
    </message>
    <message>
        <source>of %1 guests match now</source>
        <translation>misafir eşleşiyor (toplam %1)</translation>
    </message>
    <message>
        <source>Add at least one condition.</source>
        <translation>En az bir koşul ekleyin.</translation>
    </message>
    <message>
        <source>Choose a value for every condition.</source>
        <translation>Her koşul için bir değer seçin.</translation>
    </message>
    <message>
        <source>This segment cannot be saved: %1</source>
        <translation>Bu segment kaydedilemez: %1</translation>
    </message>
    <message>
        <source>Saved. Its members are stored by the background recompute.</source>
        <translation>Kaydedildi. Üyeleri arka plandaki yeniden hesaplamada saklanır.</translation>
    </message>
    <message>
        <source>Only the owner can save segments.</source>
        <translation>Segmentleri yalnızca işletme sahibi kaydedebilir.</translation>
    </message>
    <message>
        <source>Another segment has this name.</source>
        <translation>Bu adda başka bir segment var.</translation>
    </message>
</context>
<context>
    <name>SettingsSection</name>
    <message>
        <source>Open the Reward rules page</source>
        <translation>Ödül kuralları sayfasını aç</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>Ekle…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Yeniden adlandır…</translation>
    </message>
    <message>
        <source>Move up</source>
        <translation>Yukarı taşı</translation>
    </message>
    <message>
        <source>Move down</source>
        <translation>Aşağı taşı</translation>
    </message>
    <message>
        <source>Hide</source>
        <translation>Gizle</translation>
    </message>
    <message>
        <source>Card reader settings…</source>
        <translation>Kart okuyucu ayarları…</translation>
    </message>
    <message>
        <source>Save settings</source>
        <translation>Ayarları kaydet</translation>
    </message>
    <message>
        <source>Undo edits</source>
        <translation>Değişiklikleri geri al</translation>
    </message>
    <message>
        <source>Venue settings</source>
        <translation>İşletme ayarları</translation>
    </message>
    <message>
        <source>Venue</source>
        <translation>İşletme</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Time zone</source>
        <translation>Saat dilimi</translation>
    </message>
    <message>
        <source>Currency</source>
        <translation>Para birimi</translation>
    </message>
    <message>
        <source>Vouchers and reports in</source>
        <translation>Kupon ve rapor dili</translation>
    </message>
    <message>
        <source>Basket categories</source>
        <translation>Sepet kategorileri</translation>
    </message>
    <message>
        <source>Changes apply at once; past visits keep their category.</source>
        <translation>Değişiklikler hemen uygulanır; geçmiş ziyaretler kategorilerini korur.</translation>
    </message>
    <message>
        <source>Rewards</source>
        <translation>Ödüller</translation>
    </message>
    <message>
        <source>Cashback, the welcome bonus, points expiry and what points may pay are set on the Reward rules page, where each change is saved as a version.</source>
        <translation>Para iadesi, hoş geldin bonusu, puanların geçerlilik süresi ve puanların ne kadar ödeyebileceği Ödül kuralları sayfasında ayarlanır; her değişiklik orada yeni bir sürüm olarak kaydedilir.</translation>
    </message>
    <message>
        <source>Card reader</source>
        <translation>Kart okuyucu</translation>
    </message>
    <message>
        <source>The card reader and the scanner are set on each computer of the venue.</source>
        <translation>Kart okuyucu ve barkod tarayıcı her bilgisayarda ayrı ayarlanır.</translation>
    </message>
    <message>
        <source>%1 (hidden)</source>
        <translation>%1 (gizli)</translation>
    </message>
    <message>
        <source>Type the venue&apos;s name.</source>
        <translation>İşletmenin adını yazın.</translation>
    </message>
    <message>
        <source>Pick the time zone from the list (e.g. Europe/Istanbul).</source>
        <translation>Saat dilimini listeden seçin (ör. Europe/Istanbul).</translation>
    </message>
    <message>
        <source>Nothing to save: no setting was changed.</source>
        <translation>Kaydedilecek bir şey yok: hiçbir ayar değişmedi.</translation>
    </message>
    <message>
        <source>Change the time zone</source>
        <translation>Saat dilimini değiştir</translation>
    </message>
    <message>
        <source>Every visit&apos;s local day and time of day are worked out again for %1. On a large venue this takes a minute; the counter waits meanwhile. Change it?</source>
        <translation>Her ziyaretin yerel günü ve gün dilimi %1 için yeniden hesaplanır. Büyük bir işletmede bu bir dakika sürer; kasa bu sırada bekler. Değiştirilsin mi?</translation>
    </message>
    <message>
        <source>Working out every visit&apos;s local day again…</source>
        <translation>Ziyaretlerin yerel günleri yeniden hesaplanıyor…</translation>
    </message>
    <message>
        <source>Settings saved.</source>
        <translation>Ayarlar kaydedildi.</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>Göster</translation>
    </message>
    <message>
        <source>Name of the category</source>
        <translation>Kategorinin adı</translation>
    </message>
    <message>
        <source>Add a category</source>
        <translation>Kategori ekle</translation>
    </message>
    <message>
        <source>Rename a category</source>
        <translation>Kategoriyi yeniden adlandır</translation>
    </message>
</context>
<context>
    <name>SignInGate</name>
    <message>
        <source>PIN</source>
        <translation>PIN</translation>
    </message>
    <message numerus="yes">
        <source>Too many wrong PINs. Try again in %n minute(s).</source>
        <translation>
            <numerusform>Çok fazla hatalı PIN. %n dakika sonra tekrar deneyin.</numerusform>
        </translation>
    </message>
    <message>
        <source>Wrong PIN.</source>
        <translation>PIN hatalı.</translation>
    </message>
    <message>
        <source>Could not check the PIN: %1</source>
        <translation>PIN kontrol edilemedi: %1</translation>
    </message>
</context>
<context>
    <name>SizesModel</name>
    <message>
        <source>Segment</source>
        <translation>Segment</translation>
    </message>
    <message>
        <source>Now</source>
        <translation>Şimdi</translation>
    </message>
    <message>
        <source>After</source>
        <translation>Sonra</translation>
    </message>
    <message>
        <source>Change</source>
        <translation>Fark</translation>
    </message>
</context>
<context>
    <name>TodayPanel</name>
    <message>
        <source>Today</source>
        <translation>Bugün</translation>
    </message>
    <message numerus="yes">
        <source>%n visit(s)</source>
        <translation>
            <numerusform>%n ziyaret</numerusform>
        </translation>
    </message>
    <message>
        <source>No visits yet today.</source>
        <translation>Bugün henüz ziyaret yok.</translation>
    </message>
    <message>
        <source>voided</source>
        <translation>iptal</translation>
    </message>
</context>
<context>
    <name>UserDialog</name>
    <message>
        <source>Cashier</source>
        <translation>Kasiyer</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Sahip</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>PIN (4–12 digits)</source>
        <translation>PIN (4–12 rakam)</translation>
    </message>
    <message>
        <source>PIN again</source>
        <translation>PIN tekrar</translation>
    </message>
    <message>
        <source>Type the user&apos;s name.</source>
        <translation>Kullanıcının adını yazın.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits.</source>
        <translation>PIN 4 ile 12 rakam arasındadır.</translation>
    </message>
    <message>
        <source>The two PINs differ; type the same PIN twice.</source>
        <translation>İki PIN farklı; aynı PIN&apos;i iki kez yazın.</translation>
    </message>
</context>
<context>
    <name>UsersSection</name>
    <message>
        <source>Name</source>
        <translation>Ad</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>Rol</translation>
    </message>
    <message>
        <source>State</source>
        <translation>Durum</translation>
    </message>
    <message>
        <source>Add user…</source>
        <translation>Kullanıcı ekle…</translation>
    </message>
    <message>
        <source>New PIN…</source>
        <translation>Yeni PIN…</translation>
    </message>
    <message>
        <source>Disable</source>
        <translation>Devre dışı bırak</translation>
    </message>
    <message>
        <source>Clear lockout</source>
        <translation>Kilidi kaldır</translation>
    </message>
    <message>
        <source>Users</source>
        <translation>Kullanıcılar</translation>
    </message>
    <message>
        <source>Everyone who signs in at the till or in the back office. Sign-in is by PIN alone, so every active user has a PIN of their own. Five wrong PINs lock a user out for five minutes; you can clear that here.</source>
        <translation>Kasada veya yönetim panelinde oturum açan herkes. Oturum yalnızca PIN ile açıldığından her etkin kullanıcının kendine ait bir PIN&apos;i vardır. Beş yanlış PIN kullanıcıyı beş dakika kilitler; kilidi buradan kaldırabilirsiniz.</translation>
    </message>
    <message>
        <source>Owner</source>
        <translation>Sahip</translation>
    </message>
    <message>
        <source>Cashier</source>
        <translation>Kasiyer</translation>
    </message>
    <message>
        <source>Disabled</source>
        <translation>Devre dışı</translation>
    </message>
    <message>
        <source>Locked out until %1</source>
        <translation>%1 saatine kadar kilitli</translation>
    </message>
    <message>
        <source>Active</source>
        <translation>Etkin</translation>
    </message>
    <message>
        <source>%1 (you)</source>
        <translation>%1 (siz)</translation>
    </message>
    <message>
        <source>Enable…</source>
        <translation>Etkinleştir…</translation>
    </message>
    <message>
        <source>Add a user</source>
        <translation>Kullanıcı ekle</translation>
    </message>
    <message>
        <source>%1 was added; they sign in with their PIN.</source>
        <translation>%1 eklendi; kendi PIN&apos;i ile oturum açar.</translation>
    </message>
    <message>
        <source>New PIN for %1</source>
        <translation>%1 için yeni PIN</translation>
    </message>
    <message>
        <source>%1 has a new PIN; the old one no longer works.</source>
        <translation>%1 için yeni PIN kaydedildi; eskisi artık geçmez.</translation>
    </message>
    <message>
        <source>%1 can no longer sign in.</source>
        <translation>%1 artık oturum açamaz.</translation>
    </message>
    <message>
        <source>Enable %1 with a new PIN</source>
        <translation>%1 kullanıcısını yeni PIN ile etkinleştir</translation>
    </message>
    <message>
        <source>%1 can sign in again with the new PIN.</source>
        <translation>%1 yeni PIN ile yeniden oturum açabilir.</translation>
    </message>
    <message>
        <source>%1 may try their PIN again.</source>
        <translation>%1 PIN&apos;ini yeniden deneyebilir.</translation>
    </message>
</context>
<context>
    <name>VisitForm</name>
    <message>
        <source>Bill amount</source>
        <translation>Hesap tutarı</translation>
    </message>
    <message>
        <source>Receipt no. (optional)</source>
        <translation>Fiş no. (isteğe bağlı)</translation>
    </message>
    <message>
        <source>Points to use</source>
        <translation>Kullanılacak puan</translation>
    </message>
    <message>
        <source>Use max</source>
        <translation>En fazla</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>Kaldır</translation>
    </message>
    <message>
        <source>Save visit  ⏎</source>
        <translation>Ziyareti kaydet  ⏎</translation>
    </message>
    <message>
        <source>Void last visit</source>
        <translation>Son ziyareti iptal et</translation>
    </message>
    <message>
        <source>A bill can be at most %1: check for extra zeros.</source>
        <translation>Bir hesap en fazla %1 olabilir: fazladan sıfır var mı, kontrol edin.</translation>
    </message>
    <message>
        <source>Voucher: %1</source>
        <translation>Kupon: %1</translation>
    </message>
    <message>
        <source>%1 off</source>
        <translation>%1 indirim</translation>
    </message>
    <message>
        <source>%1% off</source>
        <translation>%%1 indirim</translation>
    </message>
    <message>
        <source>free %1</source>
        <translation>ücretsiz %1</translation>
    </message>
    <message>
        <source>item</source>
        <translation>ürün</translation>
    </message>
    <message>
        <source>Scan a card to start a visit.</source>
        <translation>Ziyarete başlamak için bir kart okutun.</translation>
    </message>
    <message>
        <source>Points can be used from a balance of %1.</source>
        <translation>Puanlar %1 bakiyeden itibaren kullanılabilir.</translation>
    </message>
    <message>
        <source>Up to %1 on this bill</source>
        <translation>Bu hesapta en fazla %1</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 125,50</source>
        <translation>Tutarı yazın, ör. 125,50</translation>
    </message>
    <message>
        <source>To pay %1 · earns %2 (%3%)</source>
        <translation>Ödenecek %1 · kazanç %2 (%%3)</translation>
    </message>
</context>
<context>
    <name>VoidDialog</name>
    <message>
        <source>Void last visit</source>
        <translation>Son ziyareti iptal et</translation>
    </message>
    <message>
        <source>Void the visit of %1 at %2?</source>
        <translation>Saat %2&apos;deki %1 tutarındaki ziyaret iptal edilsin mi?</translation>
    </message>
    <message>
        <source>Its points are taken back and a voucher it used becomes usable again.</source>
        <translation>Ziyaretin puanları geri alınır; kullandığı kupon yeniden geçerli olur.</translation>
    </message>
    <message>
        <source>Wrong amount</source>
        <translation>Yanlış tutar</translation>
    </message>
    <message>
        <source>Wrong guest</source>
        <translation>Yanlış misafir</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>Deneme</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Diğer</translation>
    </message>
    <message>
        <source>Note (needed for “Other”)</source>
        <translation>Not (“Diğer” için gerekli)</translation>
    </message>
    <message>
        <source>Void visit</source>
        <translation>Ziyareti iptal et</translation>
    </message>
    <message>
        <source>Keep the visit</source>
        <translation>Ziyaret kalsın</translation>
    </message>
    <message>
        <source>What happened? (needed)</source>
        <translation>Ne oldu? (gerekli)</translation>
    </message>
    <message>
        <source>Pick a reason, or type one.</source>
        <translation>Bir neden seçin ya da yazın.</translation>
    </message>
    <message>
        <source>Say in a few words what happened.</source>
        <translation>Ne olduğunu birkaç sözcükle yazın.</translation>
    </message>
</context>
<context>
    <name>VoucherBatch</name>
    <message>
        <source>Code</source>
        <translation>Kod</translation>
    </message>
    <message>
        <source>Guest</source>
        <translation>Misafir</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Değer</translation>
    </message>
    <message>
        <source>Valid until</source>
        <translation>Son gün</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Kaynak</translation>
    </message>
    <message>
        <source>Tick all</source>
        <translation>Tümünü işaretle</translation>
    </message>
    <message>
        <source>Tick none</source>
        <translation>İşaretleri kaldır</translation>
    </message>
    <message>
        <source>Print ticked</source>
        <translation>İşaretlileri yazdır</translation>
    </message>
    <message>
        <source>No voucher is waiting to be printed. All handed over!</source>
        <translation>Yazdırılmayı bekleyen kupon yok. Hepsi verildi!</translation>
    </message>
    <message>
        <source>Vouchers waiting to be printed</source>
        <translation>Yazdırılmayı bekleyen kuponlar</translation>
    </message>
    <message>
        <source>%1% off</source>
        <translation>%%1 indirim</translation>
    </message>
    <message>
        <source>A treat</source>
        <translation>İkram</translation>
    </message>
    <message>
        <source>(anyone)</source>
        <translation>(herkes)</translation>
    </message>
    <message numerus="yes">
        <source>Print %n ticked</source>
        <translation>
            <numerusform>İşaretli %n kuponu yazdır</numerusform>
        </translation>
    </message>
    <message>
        <source>No voucher printer is set up on this computer: choose one and save.</source>
        <translation>Bu bilgisayarda kupon yazıcısı ayarlı değil: bir yazıcı seçip kaydedin.</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>Yazdırılıyor…</translation>
    </message>
    <message>
        <source>Printing vouchers…</source>
        <translation>Kuponlar yazdırılıyor…</translation>
    </message>
    <message numerus="yes">
        <source>%n voucher(s) printed.</source>
        <translation>
            <numerusform>%n kupon yazdırıldı.</numerusform>
        </translation>
    </message>
    <message>
        <source>None of them was marked printed; they stay in this list.</source>
        <translation>Hiçbiri yazdırıldı olarak işaretlenmedi; bu listede kalıyorlar.</translation>
    </message>
</context>
<context>
    <name>VoucherDialog</name>
    <message>
        <source>Give a voucher</source>
        <translation>Kupon ver</translation>
    </message>
    <message>
        <source>e.g. 50 or 50,50</source>
        <translation>ör. 50 veya 50,50</translation>
    </message>
    <message>
        <source>Amount (%1)</source>
        <translation>Tutar (%1)</translation>
    </message>
    <message>
        <source>Valid through</source>
        <translation>Son geçerlilik günü</translation>
    </message>
    <message>
        <source>Give the voucher</source>
        <translation>Kuponu ver</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 50 or 50,50.</source>
        <translation>Tutarı yazın, ör. 50 veya 50,50.</translation>
    </message>
</context>
<context>
    <name>application</name>
    <message>
        <source>Building the demo venue…</source>
        <translation>Demo işletme hazırlanıyor…</translation>
    </message>
    <message>
        <source>Checking the venue&apos;s data…</source>
        <translation>İşletmenin verileri denetleniyor…</translation>
    </message>
    <message>
        <source>Opening the venue…</source>
        <translation>İşletme açılıyor…</translation>
    </message>
</context>
<context>
    <name>categories</name>
    <message>
        <source>Coffee</source>
        <translation>Kahve</translation>
    </message>
    <message>
        <source>Tea</source>
        <translation>Çay</translation>
    </message>
    <message>
        <source>Dessert</source>
        <translation>Tatlı</translation>
    </message>
    <message>
        <source>Food</source>
        <translation>Yemek</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>Diğer</translation>
    </message>
</context>
<context>
    <name>email</name>
    <message>
        <source>The e-mail server cannot be reached: check the server address and port.</source>
        <translation>E-posta sunucusuna ulaşılamıyor: sunucu adresini ve portu kontrol edin.</translation>
    </message>
    <message>
        <source>The e-mail server stopped answering. Try again later.</source>
        <translation>E-posta sunucusu yanıt vermeyi bıraktı. Daha sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>The e-mail server closed the connection. Try again later.</source>
        <translation>E-posta sunucusu bağlantıyı kapattı. Daha sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>The e-mail server offers no secure connection (STARTTLS): check the port, or ask the provider.</source>
        <translation>E-posta sunucusu güvenli bağlantı (STARTTLS) sunmuyor: portu kontrol edin ya da sağlayıcınıza sorun.</translation>
    </message>
    <message>
        <source>The e-mail server&apos;s certificate is not trusted: check the server address, or choose the certificate your provider gave you.</source>
        <translation>E-posta sunucusunun sertifikasına güvenilmiyor: sunucu adresini kontrol edin ya da sağlayıcınızın verdiği sertifikayı seçin.</translation>
    </message>
    <message>
        <source>The e-mail server refused the user name or password.</source>
        <translation>E-posta sunucusu kullanıcı adını ya da parolayı kabul etmedi.</translation>
    </message>
    <message>
        <source>The e-mail server offers no sign-in: leave the user name empty.</source>
        <translation>E-posta sunucusu oturum açma sunmuyor: kullanıcı adını boş bırakın.</translation>
    </message>
    <message>
        <source>The e-mail server refused the message: check the sender address.</source>
        <translation>E-posta sunucusu iletiyi reddetti: gönderen adresini kontrol edin.</translation>
    </message>
    <message>
        <source>The e-mail could not be sent.</source>
        <translation>E-posta gönderilemedi.</translation>
    </message>
    <message>
        <source>Type the e-mail server&apos;s address.</source>
        <translation>E-posta sunucusunun adresini yazın.</translation>
    </message>
    <message>
        <source>The port is a number up to 65535.</source>
        <translation>Port en fazla 65535 olan bir sayıdır.</translation>
    </message>
    <message>
        <source>The sender address is not an e-mail address.</source>
        <translation>Gönderen adresi bir e-posta adresi değil.</translation>
    </message>
    <message>
        <source>Save the e-mail server first.</source>
        <translation>Önce e-posta sunucusunu kaydedin.</translation>
    </message>
</context>
<context>
    <name>messages</name>
    <message>
        <source>Scan a card or type its number.</source>
        <translation>Bir kart okutun veya numarasını yazın.</translation>
    </message>
    <message>
        <source>A card number has digits only.</source>
        <translation>Kart numarası yalnızca rakamlardan oluşur.</translation>
    </message>
    <message>
        <source>A card number has 13 digits.</source>
        <translation>Kart numarası 13 hanelidir.</translation>
    </message>
    <message>
        <source>This number is not valid (misread or mistyped). Try again.</source>
        <translation>Bu numara geçersiz (hatalı okundu veya yazıldı). Tekrar deneyin.</translation>
    </message>
    <message>
        <source>This is not a BoostDesk card or voucher.</source>
        <translation>Bu bir BoostDesk kartı veya kuponu değil.</translation>
    </message>
    <message>
        <source>The reader sent too much at once; scan again.</source>
        <translation>Okuyucu bir seferde çok fazla veri gönderdi; tekrar okutun.</translation>
    </message>
    <message>
        <source>The reader sent garbled data; scan again.</source>
        <translation>Okuyucu bozuk veri gönderdi; tekrar okutun.</translation>
    </message>
    <message>
        <source>Type the bill amount first.</source>
        <translation>Önce hesap tutarını yazın.</translation>
    </message>
    <message>
        <source>Type the amount, e.g. 125,50</source>
        <translation>Tutarı yazın, ör. 125,50</translation>
    </message>
    <message>
        <source>This amount is too large — check for an extra zero.</source>
        <translation>Bu tutar çok yüksek — fazladan bir sıfır olmasın?</translation>
    </message>
    <message>
        <source>Type the points as an amount, e.g. 20 or 12,50.</source>
        <translation>Puanı tutar olarak yazın, ör. 20 veya 12,50.</translation>
    </message>
    <message>
        <source>That is more points than this bill allows.</source>
        <translation>Bu hesapta bu kadar puan kullanılamaz.</translation>
    </message>
    <message>
        <source>This category no longer exists; pick another.</source>
        <translation>Bu kategori artık yok; başka birini seçin.</translation>
    </message>
    <message>
        <source>This voucher does not exist.</source>
        <translation>Böyle bir kupon yok.</translation>
    </message>
    <message>
        <source>This voucher has expired.</source>
        <translation>Bu kuponun süresi dolmuş.</translation>
    </message>
    <message>
        <source>This voucher has already been used.</source>
        <translation>Bu kupon daha önce kullanılmış.</translation>
    </message>
    <message>
        <source>This voucher was cancelled.</source>
        <translation>Bu kupon iptal edilmiş.</translation>
    </message>
    <message>
        <source>This voucher belongs to another guest.</source>
        <translation>Bu kupon başka bir misafire ait.</translation>
    </message>
    <message>
        <source>Say why the visit is voided.</source>
        <translation>Ziyaretin neden iptal edildiğini yazın.</translation>
    </message>
    <message>
        <source>There is no visit to void.</source>
        <translation>İptal edilecek ziyaret yok.</translation>
    </message>
    <message>
        <source>The last visit is too old to void here; ask the owner.</source>
        <translation>Son ziyaret burada iptal etmek için çok eski; işletme sahibine danışın.</translation>
    </message>
    <message>
        <source>The visit&apos;s time is ahead of this PC&apos;s clock. Check the PC&apos;s date and time, then save again.</source>
        <translation>Ziyaretin saati bu bilgisayarın saatinden ileride. Bilgisayarın tarih ve saatini kontrol edip yeniden kaydedin.</translation>
    </message>
    <message>
        <source>This is not a valid card number.</source>
        <translation>Bu geçerli bir kart numarası değil.</translation>
    </message>
    <message>
        <source>This card already belongs to a guest.</source>
        <translation>Bu kart zaten bir misafire ait.</translation>
    </message>
    <message>
        <source>This card is blocked (it was replaced): nothing is recorded on it. Ask for the guest&apos;s new card.</source>
        <translation>Bu kart engellenmiş (değiştirildi): üzerine hiçbir şey kaydedilmez. Misafirden yeni kartını isteyin.</translation>
    </message>
    <message>
        <source>Type the guest&apos;s name or a nickname.</source>
        <translation>Misafirin adını veya takma adını yazın.</translation>
    </message>
    <message>
        <source>The name is too long.</source>
        <translation>Ad çok uzun.</translation>
    </message>
    <message>
        <source>The phone number should have 10 to 13 digits.</source>
        <translation>Telefon numarası 10 ile 13 hane arasında olmalı.</translation>
    </message>
    <message>
        <source>The e-mail address does not look right.</source>
        <translation>E-posta adresi doğru görünmüyor.</translation>
    </message>
    <message>
        <source>Type the birth date as DD.MM.YYYY.</source>
        <translation>Doğum tarihini GG.AA.YYYY biçiminde yazın.</translation>
    </message>
    <message>
        <source>Pick a gender from the list.</source>
        <translation>Listeden bir cinsiyet seçin.</translation>
    </message>
    <message>
        <source>The city name is too long.</source>
        <translation>İl adı çok uzun.</translation>
    </message>
    <message>
        <source>Pick spouse or child for each family member.</source>
        <translation>Her aile üyesi için eş veya çocuk seçin.</translation>
    </message>
    <message>
        <source>Type the family member&apos;s birth date as DD.MM.YYYY.</source>
        <translation>Aile üyesinin doğum tarihini GG.AA.YYYY olarak yazın.</translation>
    </message>
    <message>
        <source>That is more family members than the form keeps.</source>
        <translation>Form bu kadar aile üyesi saklayamaz.</translation>
    </message>
    <message>
        <source>This cannot be done right now.</source>
        <translation>Bu işlem şu anda yapılamıyor.</translation>
    </message>
    <message>
        <source>The disk is full, so this was not saved. Free some space on this computer, then try again.</source>
        <translation>Disk dolu, bu yüzden kaydedilmedi. Bu bilgisayarda biraz yer açın, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>Another program is using the venue&apos;s data (BoostDesk open twice, or a backup or sync tool). Close it, then try again.</source>
        <translation>İşletmenin verilerini başka bir program kullanıyor (iki kez açık BoostDesk ya da bir yedekleme veya eşitleme aracı). Onu kapatın, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>BoostDesk cannot save in the data folder (it is read-only). Fix the folder&apos;s permissions or choose another data folder.</source>
        <translation>BoostDesk veri klasörüne kayıt yapamıyor (klasör salt okunur). Klasörün izinlerini düzeltin ya da başka bir veri klasörü seçin.</translation>
    </message>
    <message>
        <source>The venue&apos;s database file is damaged. Restore it from a backup; the file was not changed.</source>
        <translation>İşletmenin veritabanı dosyası bozuk. Bir yedekten geri yükleyin; dosya değiştirilmedi.</translation>
    </message>
    <message>
        <source>The data folder holds a file that is not a BoostDesk database. Choose another data folder; the file was not changed.</source>
        <translation>Veri klasöründe BoostDesk veritabanı olmayan bir dosya var. Başka bir veri klasörü seçin; dosya değiştirilmedi.</translation>
    </message>
    <message>
        <source>This venue was saved by a newer version of BoostDesk. Update BoostDesk; nothing was changed.</source>
        <translation>Bu işletme BoostDesk&apos;in daha yeni bir sürümüyle kaydedilmiş. BoostDesk&apos;i güncelleyin; hiçbir şey değiştirilmedi.</translation>
    </message>
    <message>
        <source>The venue&apos;s database cannot be opened. Check that the data folder can be read and written.</source>
        <translation>İşletmenin veritabanı açılamıyor. Veri klasörünün okunabilir ve yazılabilir olduğunu kontrol edin.</translation>
    </message>
    <message>
        <source>The disk could not be read or written. Check the disk, then try again.</source>
        <translation>Disk okunamadı ya da diske yazılamadı. Diski kontrol edin, sonra yeniden deneyin.</translation>
    </message>
    <message>
        <source>The data folder given is a file, not a folder. Choose a folder for the venue&apos;s data.</source>
        <translation>Verilen veri klasörü bir klasör değil, bir dosya. İşletmenin verileri için bir klasör seçin.</translation>
    </message>
    <message>
        <source>The data folder cannot be created there. Choose another place for the venue&apos;s data.</source>
        <translation>Veri klasörü orada oluşturulamıyor. İşletmenin verileri için başka bir yer seçin.</translation>
    </message>
    <message>
        <source>BoostDesk may not read the data folder. Fix its permissions or choose another folder.</source>
        <translation>BoostDesk&apos;in veri klasörünü okuma izni yok. İzinlerini düzeltin ya da başka bir klasör seçin.</translation>
    </message>
    <message>
        <source>The venue&apos;s data could not be read or saved.</source>
        <translation>İşletmenin verileri okunamadı ya da kaydedilemedi.</translation>
    </message>
    <message>
        <source>Your role does not allow this; ask the owner.</source>
        <translation>Yetkiniz bu işlem için yeterli değil; işletme sahibine danışın.</translation>
    </message>
    <message>
        <source>Could not complete this: %1</source>
        <translation>Bu işlem tamamlanamadı: %1</translation>
    </message>
</context>
<context>
    <name>printers</name>
    <message>
        <source>The printer cannot be reached: is it switched on, plugged in and at this address?</source>
        <translation>Yazıcıya ulaşılamıyor: açık mı, kablosu takılı mı, bu adreste mi?</translation>
    </message>
    <message>
        <source>The printer stopped during printing (connection lost).</source>
        <translation>Yazıcı yazdırırken durdu (bağlantı koptu).</translation>
    </message>
    <message>
        <source>The printer does not answer: check power, paper and cover.</source>
        <translation>Yazıcı yanıt vermiyor: gücü, kâğıdı ve kapağı kontrol edin.</translation>
    </message>
    <message>
        <source>The printer is out of paper.</source>
        <translation>Yazıcının kâğıdı bitti.</translation>
    </message>
    <message>
        <source>This is not a printer address.</source>
        <translation>Bu bir yazıcı adresi değil.</translation>
    </message>
    <message>
        <source>The printer refused the job.</source>
        <translation>Yazıcı işi kabul etmedi.</translation>
    </message>
</context>
<context>
    <name>printing</name>
    <message>
        <source>The voucher printer cannot be reached: is it on and connected?</source>
        <translation>Kupon yazıcısına ulaşılamıyor: açık ve bağlı mı?</translation>
    </message>
    <message>
        <source>The voucher printer stopped during printing.</source>
        <translation>Kupon yazıcısı yazdırırken durdu.</translation>
    </message>
    <message>
        <source>The voucher printer does not answer: check power, paper and cover.</source>
        <translation>Kupon yazıcısı yanıt vermiyor: elektriği, kâğıdı ve kapağı kontrol edin.</translation>
    </message>
    <message>
        <source>The voucher printer is out of paper.</source>
        <translation>Kupon yazıcısında kâğıt bitti.</translation>
    </message>
    <message>
        <source>The voucher printer setting is not a printer address.</source>
        <translation>Kupon yazıcısı ayarı geçerli bir yazıcı adresi değil.</translation>
    </message>
    <message>
        <source>The voucher could not be printed.</source>
        <translation>Kupon yazdırılamadı.</translation>
    </message>
    <message>
        <source>The voucher was not marked printed; try again.</source>
        <translation>Kupon yazdırıldı olarak işaretlenmedi; yeniden deneyin.</translation>
    </message>
</context>
<context>
    <name>problem_dialog</name>
    <message>
        <source>BoostDesk</source>
        <translation>BoostDesk</translation>
    </message>
    <message>
        <source>The newest backup is %1. Restore it with: boostdesk restore %1</source>
        <translation>En yeni yedek: %1. Geri yüklemek için: boostdesk restore %1</translation>
    </message>
</context>
<context>
    <name>reports</name>
    <message>
        <source>No guest holds this card.</source>
        <translation>Bu kart hiçbir misafire ait değil.</translation>
    </message>
    <message>
        <source>This is not a card number.</source>
        <translation>Bu bir kart numarası değil.</translation>
    </message>
    <message>
        <source>The segments have not been worked out yet: they are after the next daily run (or after &apos;boostdesk segment&apos;).</source>
        <translation>Segmentler henüz hesaplanmadı: bir sonraki günlük çalıştırmadan (veya &apos;boostdesk segment&apos; komutundan) sonra hazır olur.</translation>
    </message>
</context>
<context>
    <name>rewards</name>
    <message>
        <source>Cashback, most guests</source>
        <translation>Para iadesi, çoğu misafir</translation>
    </message>
    <message>
        <source>Cashback, Loyal guests</source>
        <translation>Para iadesi, Sadık misafirler</translation>
    </message>
    <message>
        <source>Cashback, VIP guests</source>
        <translation>Para iadesi, VIP misafirler</translation>
    </message>
    <message>
        <source>Welcome bonus</source>
        <translation>Hoş geldin bonusu</translation>
    </message>
    <message>
        <source>Welcome bonus valid for</source>
        <translation>Hoş geldin bonusu geçerliliği</translation>
    </message>
    <message>
        <source>Points expire after</source>
        <translation>Puanların geçerlilik süresi</translation>
    </message>
    <message>
        <source>Points pay at most</source>
        <translation>Puanla en fazla ödenen</translation>
    </message>
    <message>
        <source>Points usable from</source>
        <translation>Puan kullanımı için en az bakiye</translation>
    </message>
    <message>
        <source> days</source>
        <translation> gün</translation>
    </message>
    <message>
        <source> % of the bill</source>
        <translation> % (hesabın)</translation>
    </message>
    <message>
        <source>Loyal and VIP guests should earn at least the cashback of most guests.</source>
        <translation>Sadık ve VIP misafirler en az çoğu misafirin para iadesi kadar kazanmalı.</translation>
    </message>
    <message>
        <source>A rule is out of range: %1</source>
        <translation>Bir kural aralığın dışında: %1</translation>
    </message>
</context>
<context>
    <name>scanlog</name>
    <message>
        <source>Guest shown</source>
        <translation>Misafir gösterildi</translation>
    </message>
    <message>
        <source>New card (enrolment offered)</source>
        <translation>Yeni kart (kayıt önerildi)</translation>
    </message>
    <message>
        <source>Voucher</source>
        <translation>Kupon</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Reddedildi</translation>
    </message>
    <message>
        <source>Repeat (counted once)</source>
        <translation>Tekrar (bir kez sayıldı)</translation>
    </message>
    <message>
        <source>Valid voucher</source>
        <translation>Geçerli kupon</translation>
    </message>
</context>
<context>
    <name>settings</name>
    <message>
        <source>Type the category&apos;s name.</source>
        <translation>Kategorinin adını yazın.</translation>
    </message>
    <message>
        <source>That name is too long.</source>
        <translation>Bu ad çok uzun.</translation>
    </message>
    <message>
        <source>There is already a category of that name.</source>
        <translation>Bu adda bir kategori zaten var.</translation>
    </message>
    <message>
        <source>The counter needs at least one category: show another one first.</source>
        <translation>Kasada en az bir kategori olmalı: önce başka birini gösterin.</translation>
    </message>
    <message>
        <source>This category no longer exists.</source>
        <translation>Bu kategori artık yok.</translation>
    </message>
    <message>
        <source>The categories changed meanwhile.</source>
        <translation>Kategoriler bu arada değişti.</translation>
    </message>
</context>
<context>
    <name>task_runner</name>
    <message>
        <source>Working…</source>
        <translation>Çalışıyor…</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>İptal</translation>
    </message>
</context>
<context>
    <name>users</name>
    <message>
        <source>Type the user&apos;s name.</source>
        <translation>Kullanıcının adını yazın.</translation>
    </message>
    <message>
        <source>There is already a user of that name.</source>
        <translation>Bu adda bir kullanıcı zaten var.</translation>
    </message>
    <message>
        <source>A PIN has 4 to 12 digits.</source>
        <translation>PIN 4 ile 12 rakam arasındadır.</translation>
    </message>
    <message>
        <source>Another user has this PIN; choose a different one.</source>
        <translation>Bu PIN başka bir kullanıcıda; farklı bir PIN seçin.</translation>
    </message>
    <message>
        <source>The last active owner cannot be disabled: add another owner first.</source>
        <translation>Son etkin sahip devre dışı bırakılamaz: önce başka bir sahip ekleyin.</translation>
    </message>
    <message>
        <source>This user no longer exists.</source>
        <translation>Bu kullanıcı artık yok.</translation>
    </message>
</context>
<context>
    <name>voucher_batch</name>
    <message>
        <source>Issued by hand</source>
        <translation>Elle verildi</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>Senaryo</translation>
    </message>
    <message>
        <source>Demo</source>
        <translation>Demo</translation>
    </message>
    <message>
        <source>Scenario: %1</source>
        <translation>Senaryo: %1</translation>
    </message>
    <message>
        <source>All sources</source>
        <translation>Tüm kaynaklar</translation>
    </message>
</context>
</TS>
