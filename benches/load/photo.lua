-- wrk: POST a phone photo (samples/images/phone-perspective.jpg) as a raw JPEG body.
local file = io.open("samples/images/phone-perspective.jpg", "rb")
wrk.method = "POST"
wrk.headers["Content-Type"] = "image/jpeg"
wrk.body = file:read("*a")
file:close()
